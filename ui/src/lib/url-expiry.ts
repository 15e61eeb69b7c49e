/** Variant URLs are signed and expire (`urlExpiresAt`). A page left open must ask for new ones in
 * time, or its pictures break: refresh this long before the earliest expiry. */
const MARGIN_MS = 30_000;
const SOONEST_MS = 5_000;

/** Milliseconds until the data should be fetched again for fresh URLs, or false with no URLs. */
export function refreshBeforeUrlsExpire(
  variants: readonly { urlExpiresAt: string }[],
  now: number = Date.now(),
): number | false {
  if (variants.length === 0) return false;
  const earliest = Math.min(...variants.map((variant) => Date.parse(variant.urlExpiresAt)));
  return Math.max(SOONEST_MS, earliest - now - MARGIN_MS);
}
