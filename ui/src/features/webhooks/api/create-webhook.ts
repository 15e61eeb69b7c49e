import { useMutation, useQueryClient } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import type { CreateWebhookInput } from "@/gql/graphql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const CreateWebhookDocument = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        id
        url
      }
    }
  }
`);

/** Registers an endpoint; its answer holds the signing secret, shown this once. */
export function useCreateWebhook() {
  const { request } = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateWebhookInput) => request(CreateWebhookDocument, { input }).then((d) => d.createWebhook),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}
