import { useMutation, useQueryClient } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const RetryProcessingDocument = graphql(`
  mutation RetryProcessing($id: ID!) {
    retryProcessing(id: $id) {
      id
      status
    }
  }
`);

/** Sends a FAILED item through processing again; the detail view then polls it. */
export function useRetryProcessing(id: string) {
  const { request } = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request(RetryProcessingDocument, { id }),
    onSettled: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.media(id) }),
        client.invalidateQueries({ queryKey: queryKeys.mediaList }),
      ]);
    },
  });
}
