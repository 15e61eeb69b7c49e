import type { QueryClient } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";

import { queryKeys } from "./query-keys";

/**
 * The changes a person makes to their items, from the detail view (one) or the gallery (a
 * selection): one document each, and one rule for what each change makes the cache ask again.
 */
export const DeleteMediaDocument = graphql(`
  mutation DeleteMedia($id: ID!) {
    deleteMedia(id: $id)
  }
`);

export const ReprocessMediaDocument = graphql(`
  mutation ReprocessMedia($id: ID!, $preset: String) {
    reprocessMedia(id: $id, preset: $preset) {
      id
      status
      preset
    }
  }
`);

export const UpdateMediaDocument = graphql(`
  mutation UpdateMedia($id: ID!, $input: UpdateMediaInput!) {
    updateMedia(id: $id, input: $input) {
      id
      filename
      tags
      updatedAt
    }
  }
`);

/** After deletes: the items are gone from every list, their details and the usage. */
export async function afterDelete(client: QueryClient, ids: readonly string[]): Promise<void> {
  for (const id of ids) client.removeQueries({ queryKey: queryKeys.media(id) });
  await Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.mediaList }),
    client.invalidateQueries({ queryKey: queryKeys.usage }),
    client.invalidateQueries({ queryKey: queryKeys.auditLog }),
  ]);
}

/** After reprocessing: the items move back through processing (lists, details, usage, audit). */
export async function afterReprocess(client: QueryClient, ids: readonly string[]): Promise<void> {
  await Promise.all([
    ...ids.map((id) => client.invalidateQueries({ queryKey: queryKeys.media(id) })),
    client.invalidateQueries({ queryKey: queryKeys.mediaList }),
    client.invalidateQueries({ queryKey: queryKeys.auditLog }),
    client.invalidateQueries({ queryKey: queryKeys.usage }),
  ]);
}

/** After a rename or new tags: the item's detail and the lists (its place in a sort may move). */
export async function afterUpdate(client: QueryClient, id: string): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.media(id) }),
    client.invalidateQueries({ queryKey: queryKeys.mediaList }),
  ]);
}
