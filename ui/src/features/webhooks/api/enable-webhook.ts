import { useMutation, useQueryClient } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const EnableWebhookDocument = graphql(`
  mutation EnableWebhook($id: ID!) {
    updateWebhook(id: $id, input: { enabled: true }) {
      id
      state
    }
  }
`);

/** Turns a disabled endpoint back on (its count of failures starts again). */
export function useEnableWebhook() {
  const { request } = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request(EnableWebhookDocument, { id }).then((d) => d.updateWebhook),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}
