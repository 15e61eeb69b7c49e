import { useQuery } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import type { UploadPolicyQuery } from "@/gql/graphql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const UploadPolicyDocument = graphql(`
  query UploadPolicy {
    uploadPolicy {
      acceptedTypes
      maxImageBytes
      maxVideoBytes
      maxAudioBytes
      maxPixels
      defaultPreset
    }
  }
`);

export type UploadPolicy = UploadPolicyQuery["uploadPolicy"];

/** What the server accepts, so files are checked (and explained) before any byte is sent. */
export function useUploadPolicy() {
  const { request } = useApi();
  return useQuery({
    queryKey: queryKeys.uploadPolicy,
    queryFn: ({ signal }) => request(UploadPolicyDocument, {}, { signal }).then((data) => data.uploadPolicy),
    staleTime: Infinity,
  });
}
