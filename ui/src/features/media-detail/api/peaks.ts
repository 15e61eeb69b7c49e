import { useQuery } from "@tanstack/react-query";

import { queryKeys } from "@/lib/query-keys";

import { type Peaks, parsePeaks } from "../lib/peaks";

/**
 * A song's PEAKS variant, fetched from its signed URL (the CDN's, on the page's own origin) and
 * checked. Keyed by the object, not the URL: a refreshed signature names the same peaks, which
 * never change while the object does not, so they are fetched once per page.
 */
export function usePeaks(mediaId: string, url: string | null) {
  const object = url?.split("?")[0] ?? "";
  return useQuery({
    queryKey: queryKeys.peaks(mediaId, object),
    enabled: url !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async ({ signal }): Promise<Peaks> => {
      const response = await fetch(url ?? "", { signal });
      if (!response.ok) throw new Error(`peaks answered ${response.status}`);
      const peaks = parsePeaks(await response.json());
      if (!peaks) throw new Error("peaks are not audiowaveform JSON");
      return peaks;
    },
  });
}
