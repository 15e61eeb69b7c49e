export type Backoff = { initialMs: number; factor: number; maxMs: number };

/** Polling schedule for processing status: quick at first, then settling at maxMs. */
export const STATUS_POLL: Backoff = { initialMs: 500, factor: 1.6, maxMs: 5000 };

/** The delay before poll number `attempt` (0-based). */
export function backoffDelay(attempt: number, { initialMs, factor, maxMs }: Backoff = STATUS_POLL): number {
  return Math.min(maxMs, Math.round(initialMs * factor ** Math.max(0, attempt)));
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException("Aborted", "AbortError"));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(new DOMException("Aborted", "AbortError"));
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
