import { useMutation, useQueryClient } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const RedeliverWebhookDocument = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      id
      status
    }
  }
`);

/** Sends a finished delivery again (same webhook-id, same body). */
export function useRedeliverWebhook(webhookId: string) {
  const { request } = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      request(RedeliverWebhookDocument, { deliveryId }).then((d) => d.redeliverWebhook),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhookDeliveries(webhookId) }),
  });
}
