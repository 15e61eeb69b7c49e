import { useMutation, useQueryClient } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const DeleteMediaDocument = graphql(`
  mutation DeleteMedia($id: ID!) {
    deleteMedia(id: $id)
  }
`);

/** Deletes the item, its original and variants; the gallery forgets it at once. */
export function useDeleteMedia(id: string) {
  const { request } = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request(DeleteMediaDocument, { id }).then((data) => data.deleteMedia),
    onSuccess: async () => {
      client.removeQueries({ queryKey: queryKeys.media(id) });
      await client.invalidateQueries({ queryKey: queryKeys.mediaList });
      await client.invalidateQueries({ queryKey: queryKeys.usage });
    },
  });
}
