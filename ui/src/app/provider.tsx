import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useCallback, useMemo, useState } from "react";

import type { RuntimeConfig } from "@/config/runtime-config";
import { UploadQueueProvider } from "@/features/upload/components/upload-queue-provider";
import { type Api, ApiContext } from "@/lib/api-context";
import { createRequest } from "@/lib/graphql-client";
import { queryKeys } from "@/lib/query-keys";

/** Wires the runtime config into the API client, the query cache and the upload queue. */
export function AppProvider({ config, children }: { config: RuntimeConfig; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: 1, staleTime: 5_000 },
          mutations: { retry: 0 },
        },
      }),
  );
  const api = useMemo<Api>(
    () => ({ config, request: createRequest({ apiUrl: config.apiUrl, apiKey: config.apiKey }) }),
    [config],
  );
  // A finished upload changes what the gallery shows.
  const refreshGallery = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.mediaList });
  }, [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <ApiContext value={api}>
        <UploadQueueProvider onItemSettled={refreshGallery}>{children}</UploadQueueProvider>
      </ApiContext>
    </QueryClientProvider>
  );
}
