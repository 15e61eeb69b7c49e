import { graphql } from "@/gql/gql";
import type { CreateUploadInput } from "@/gql/graphql";
import type { GraphQLRequest } from "@/lib/graphql-client";

export const CreateMultipartUploadDocument = graphql(`
  mutation CreateMultipartUpload($input: CreateUploadInput!) {
    createMultipartUpload(input: $input) {
      media {
        id
      }
      partSize
      parts {
        partNumber
        url
      }
    }
  }
`);

export const UploadPartUrlsDocument = graphql(`
  mutation UploadPartUrls($id: ID!, $partNumbers: [Int!]!) {
    uploadPartUrls(id: $id, partNumbers: $partNumbers) {
      partNumber
      url
    }
  }
`);

export const UploadedPartsDocument = graphql(`
  query UploadedParts($id: ID!) {
    uploadedParts(id: $id) {
      partNumber
      etag
      size
    }
  }
`);

export const CompleteMultipartUploadDocument = graphql(`
  mutation CompleteMultipartUpload($id: ID!, $parts: [CompletedPartInput!]!) {
    completeMultipartUpload(id: $id, parts: $parts) {
      id
      status
    }
  }
`);

export const AbortUploadDocument = graphql(`
  mutation AbortUpload($id: ID!) {
    abortUpload(id: $id)
  }
`);

export type PartUrl = { partNumber: number; url: string };
export type HeldPart = { partNumber: number; etag: string; size: number };
export type CreatedMultipartUpload = { mediaId: string; partSize: number; parts: PartUrl[] };

/** Imperative calls for the multipart upload (the queue runs them, not React), each a function of `request`. */
export async function createMultipartUpload(
  request: GraphQLRequest,
  input: CreateUploadInput,
  signal?: AbortSignal,
): Promise<CreatedMultipartUpload> {
  const data = await request(CreateMultipartUploadDocument, { input }, signal ? { signal } : {});
  const { media, partSize, parts } = data.createMultipartUpload;
  return { mediaId: media.id, partSize, parts };
}

export async function uploadPartUrls(request: GraphQLRequest, id: string, partNumbers: number[]): Promise<PartUrl[]> {
  return (await request(UploadPartUrlsDocument, { id, partNumbers })).uploadPartUrls;
}

export async function uploadedParts(request: GraphQLRequest, id: string, signal?: AbortSignal): Promise<HeldPart[]> {
  return (await request(UploadedPartsDocument, { id }, signal ? { signal } : {})).uploadedParts;
}

export async function completeMultipartUpload(
  request: GraphQLRequest,
  id: string,
  parts: { partNumber: number; etag: string }[],
): Promise<void> {
  await request(CompleteMultipartUploadDocument, { id, parts });
}

/** Drops the unfinished upload, its parts and its item (false from the server: it was gone already). */
export async function abortUpload(request: GraphQLRequest, id: string): Promise<void> {
  await request(AbortUploadDocument, { id });
}
