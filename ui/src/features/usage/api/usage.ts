import { useQuery } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import type { UsageQuery } from "@/gql/graphql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const UsageDocument = graphql(`
  query Usage {
    usage {
      items
      storedBytes
      quota {
        maxItems
        maxBytes
      }
      estimatedCost {
        storagePerMonth
        processingToDate
        currency
      }
    }
  }
`);

export type Usage = UsageQuery["usage"];

/** What the signed-in person stores against their quota; refreshed now and then, and on focus. */
export function useUsage() {
  const { request } = useApi();
  return useQuery({
    queryKey: queryKeys.usage,
    queryFn: ({ signal }) => request(UsageDocument, {}, { signal }).then((data) => data.usage),
    refetchInterval: 30_000,
  });
}
