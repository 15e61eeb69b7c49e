import { graphql } from "@/gql/gql";
import type { GraphQLRequest } from "@/lib/graphql-client";

export const CancelUploadDocument = graphql(`
  mutation CancelUpload($id: ID!) {
    deleteMedia(id: $id)
  }
`);

/** Removes the record of an upload the person cancelled, so no "waiting for upload" item lingers. */
export async function cancelUpload(request: GraphQLRequest, id: string): Promise<void> {
  await request(CancelUploadDocument, { id });
}
