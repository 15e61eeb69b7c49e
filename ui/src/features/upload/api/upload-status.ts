import { graphql } from "@/gql/gql";
import type { UploadStatusQuery } from "@/gql/graphql";
import type { GraphQLRequest } from "@/lib/graphql-client";

export const UploadStatusDocument = graphql(`
  query UploadStatus($id: ID!) {
    media(id: $id) {
      id
      kind
      status
      updatedAt
      error {
        code
        message
      }
      blurhash
      dominantColor
      variants {
        name
        role
        animated
        format
        width
        height
        bytes
        url
      }
    }
  }
`);

export type UploadStatus = NonNullable<UploadStatusQuery["media"]>;

/** One poll of an item's processing status; null when the item is gone. */
export async function fetchUploadStatus(
  request: GraphQLRequest,
  id: string,
  signal?: AbortSignal,
): Promise<UploadStatus | null> {
  const data = await request(UploadStatusDocument, { id }, signal ? { signal } : {});
  return data.media ?? null;
}
