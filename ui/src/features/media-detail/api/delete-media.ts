import { useMutation, useQueryClient } from "@tanstack/react-query";

import { useApi } from "@/lib/api-context";
import { afterDelete, DeleteMediaDocument } from "@/lib/media-mutations";

/** Deletes the item, its original and variants; the gallery forgets it at once. */
export function useDeleteMedia(id: string) {
  const { request } = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request(DeleteMediaDocument, { id }).then((data) => data.deleteMedia),
    onSuccess: () => afterDelete(client, [id]),
  });
}
