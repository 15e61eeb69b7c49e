import { useQuery } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import type { WebhookDeliveriesQuery } from "@/gql/graphql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const WebhookDeliveriesDocument = graphql(`
  query WebhookDeliveries($webhookId: ID!, $first: Int!) {
    webhookDeliveries(webhookId: $webhookId, first: $first) {
      id
      event
      mediaId
      status
      attempts
      responseStatus
      error
      durationMs
      createdAt
      nextAttemptAt
    }
  }
`);

export type DeliveryRow = WebhookDeliveriesQuery["webhookDeliveries"][number];

export const DELIVERIES_SHOWN = 20;

/** An endpoint's newest deliveries. */
export function useWebhookDeliveries(webhookId: string) {
  const { request } = useApi();
  return useQuery({
    queryKey: queryKeys.webhookDeliveries(webhookId),
    queryFn: ({ signal }) =>
      request(WebhookDeliveriesDocument, { webhookId, first: DELIVERIES_SHOWN }, { signal }).then(
        (d) => d.webhookDeliveries,
      ),
  });
}
