import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import { useApi } from "@/lib/api-context";
import { afterReprocess, ReprocessMediaDocument } from "@/lib/media-mutations";
import { queryKeys } from "@/lib/query-keys";

export const PresetsDocument = graphql(`
  query Presets {
    presets {
      name
      description
    }
  }
`);

/** The stack's presets, for choosing what to remake an item with (they change only with a deploy). */
export function usePresets(enabled: boolean) {
  const { request } = useApi();
  return useQuery({
    queryKey: queryKeys.presets,
    queryFn: ({ signal }) => request(PresetsDocument, {}, { signal }).then((data) => data.presets),
    staleTime: Infinity,
    enabled,
  });
}

/** Remakes the item's outputs with a preset; the detail view then polls it (its old outputs stay
 * on show until the new ones replace them). */
export function useReprocessMedia(id: string) {
  const { request } = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (preset: string) => request(ReprocessMediaDocument, { id, preset }),
    onSettled: () => afterReprocess(client, [id]),
  });
}
