import { graphql } from "@/gql/gql";
import type { CreateUploadInput } from "@/gql/graphql";
import { GraphQLRequestError, type GraphQLRequest } from "@/lib/graphql-client";

export const CreateUploadDocument = graphql(`
  mutation CreateUpload($input: CreateUploadInput!) {
    createUpload(input: $input) {
      media {
        id
        status
      }
      upload {
        url
        fields
        expiresAt
      }
    }
  }
`);

export type CreatedUpload = {
  mediaId: string;
  url: string;
  /** Form fields to send before the file (the presigned POST policy). */
  fields: Record<string, string>;
};

function asFields(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new GraphQLRequestError("The upload permission from the server is malformed.", "BAD_RESPONSE");
  }
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, String(field)]));
}

/** Registers the upload; the queue calls it imperatively, so this is a function of `request`, not a hook. */
export async function createUpload(
  request: GraphQLRequest,
  input: CreateUploadInput,
  signal?: AbortSignal,
): Promise<CreatedUpload> {
  const data = await request(CreateUploadDocument, { input }, signal ? { signal } : {});
  const { media, upload } = data.createUpload;
  return { mediaId: media.id, url: upload.url, fields: asFields(upload.fields) };
}
