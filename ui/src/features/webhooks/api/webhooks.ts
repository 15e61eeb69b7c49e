import { useQuery } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import type { WebhooksQuery } from "@/gql/graphql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const WebhooksDocument = graphql(`
  query Webhooks {
    webhooks {
      id
      url
      events
      description
      enabled
      state
      disabledReason
      consecutiveFailures
      createdAt
    }
    webhookEvents
  }
`);

export type WebhookRow = WebhooksQuery["webhooks"][number];

/** The signed-in person's endpoints, and the events one can subscribe to. */
export function useWebhooks() {
  const { request } = useApi();
  return useQuery({
    queryKey: queryKeys.webhooks,
    queryFn: ({ signal }) => request(WebhooksDocument, {}, { signal }),
  });
}
