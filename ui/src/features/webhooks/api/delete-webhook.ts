import { useMutation, useQueryClient } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const DeleteWebhookDocument = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

export function useDeleteWebhook() {
  const { request } = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request(DeleteWebhookDocument, { id }).then((d) => d.deleteWebhook),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}
