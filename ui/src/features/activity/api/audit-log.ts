import { type InfiniteData, useInfiniteQuery } from "@tanstack/react-query";

import { graphql } from "@/gql/gql";
import type { AuditLogQuery } from "@/gql/graphql";
import { useApi } from "@/lib/api-context";
import { queryKeys } from "@/lib/query-keys";

export const AuditLogDocument = graphql(`
  query AuditLog($first: Int!, $after: String) {
    auditLog(first: $first, after: $after) {
      edges {
        cursor
        node {
          at
          action
          mediaId
          who
          detail
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type AuditLogPage = AuditLogQuery["auditLog"];
export type ActivityEntry = AuditLogPage["edges"][number]["node"];

export const PAGE_SIZE = 50;

export function activityEntries(data: InfiniteData<AuditLogPage> | undefined): ActivityEntry[] {
  return data?.pages.flatMap((page) => page.edges.map((edge) => edge.node)) ?? [];
}

/** The signed-in person's deletes, retries and redrives, newest first, PAGE_SIZE at a time. */
export function useAuditLog() {
  const { request } = useApi();
  return useInfiniteQuery({
    queryKey: queryKeys.auditLog,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      request(AuditLogDocument, { first: PAGE_SIZE, after: pageParam }, { signal }).then((data) => data.auditLog),
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : null),
  });
}
