import { useMutation, useQueryClient } from "@tanstack/react-query";

import type { UpdateMediaInput } from "@/gql/graphql";
import { useApi } from "@/lib/api-context";
import { afterUpdate, UpdateMediaDocument } from "@/lib/media-mutations";

/** Renames or re-tags the item (the server cleans both); its detail and the lists ask again. */
export function useUpdateMedia(id: string) {
  const { request } = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateMediaInput) => request(UpdateMediaDocument, { id, input }).then((d) => d.updateMedia),
    onSuccess: () => afterUpdate(client, id),
  });
}
