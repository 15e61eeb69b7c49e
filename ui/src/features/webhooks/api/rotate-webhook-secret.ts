import { useMutation } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import { useApi } from "@/lib/api-context";

export const RotateWebhookSecretDocument = graphql(`
  mutation RotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      secret
      webhook {
        id
        url
      }
    }
  }
`);

/** A new signing secret, shown this once; the old one keeps signing for 24 hours. */
export function useRotateWebhookSecret() {
  const { request } = useApi();
  return useMutation({
    mutationFn: (id: string) => request(RotateWebhookSecretDocument, { id }).then((d) => d.rotateWebhookSecret),
  });
}
