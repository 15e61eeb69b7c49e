import type { HeldPart, PartUrl } from "../api/multipart";

import { MAX_URLS_PER_REQUEST, partCount } from "./part-size";
import { UploadError } from "./post-file";
import { PartError, type PutPart } from "./put-part";

/** What sending parts touches, injected so retries and resumes are testable without a network. */
export type SendPartsDeps = {
  putPart: PutPart;
  /** Fresh presigned URLs for these parts (uploadPartUrls). */
  partUrls(partNumbers: number[]): Promise<PartUrl[]>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
};

export type SendPartsOptions = {
  file: Blob;
  partSize: number;
  /** URLs already handed out (createMultipartUpload's first ones); the rest are asked for as needed. */
  urls: readonly PartUrl[];
  /** Parts storage holds already (a resumed upload): not sent again. */
  held: readonly HeldPart[];
  signal: AbortSignal;
  /** Bytes storage holds or is receiving, for the whole file. */
  onProgress(loaded: number): void;
};

export type SendPartsPolicy = { parallel: number; tries: number; firstBackoffMs: number };

/** A few connections fill most links (browsers and the AWS CLI use about as many). */
export const DEFAULT_PARTS_POLICY: SendPartsPolicy = { parallel: 4, tries: 5, firstBackoffMs: 500 };

// Answers on which the same part may go through on another try: the connection failed (0), an
// expired URL (403: the next try gets a fresh one), throttling and storage's own faults.
const RETRYABLE = new Set([0, 403, 408, 429, 500, 502, 503, 504]);

/**
 * Sends every part storage does not hold yet, `parallel` at a time; a part that fails is retried
 * alone with backoff (with a fresh URL after a 403) while the others go on. Resolves with every
 * part's ETag in order, for completeMultipartUpload; the first part that fails for good stops the
 * others and rejects. An abort of `signal` stops everything in flight (a pause or a cancel).
 */
export async function sendParts(
  deps: SendPartsDeps,
  { file, partSize, urls: known, held, signal, onProgress }: SendPartsOptions,
  policy: SendPartsPolicy = DEFAULT_PARTS_POLICY,
): Promise<{ parts: { partNumber: number; etag: string }[]; sent: number }> {
  const count = partCount(file.size, partSize);
  const etags = new Map(held.map((part) => [part.partNumber, part.etag]));
  const todo: number[] = [];
  for (let n = 1; n <= count; n += 1) if (!etags.has(n)) todo.push(n);

  const urls = new Map(known.map((part) => [part.partNumber, part.url]));
  let urlLock: Promise<unknown> = Promise.resolve();
  // One URL request at a time, for this part and the next ones still without a URL.
  const urlFor = (n: number, fresh: boolean): Promise<string> => {
    if (fresh) urls.delete(n);
    const next = urlLock.then(async () => {
      if (!urls.has(n)) {
        const wanted = [n, ...todo.filter((m) => m > n && !urls.has(m))].slice(0, MAX_URLS_PER_REQUEST);
        for (const part of await deps.partUrls(wanted)) urls.set(part.partNumber, part.url);
      }
      const url = urls.get(n);
      if (!url) throw new UploadError(`No upload URL for part ${n}.`, "UPLOAD_FAILED");
      return url;
    });
    urlLock = next.catch(() => undefined);
    return next;
  };

  const heldBytes = held.reduce((sum, part) => sum + part.size, 0);
  let doneBytes = 0;
  const inFlight = new Map<number, number>();
  const report = () => onProgress(heldBytes + doneBytes + [...inFlight.values()].reduce((a, b) => a + b, 0));
  report();

  // The first part to fail for good stops the others: the upload is not going to complete now.
  const stop = new AbortController();
  const stopAll = () => stop.abort();
  signal.addEventListener("abort", stopAll, { once: true });
  if (signal.aborted) stop.abort();

  const sendOne = async (n: number) => {
    const body = file.slice((n - 1) * partSize, Math.min(n * partSize, file.size));
    for (let attempt = 1; ; attempt += 1) {
      const url = await urlFor(n, false);
      try {
        inFlight.set(n, 0);
        const etag = await deps.putPart(url, body, {
          signal: stop.signal,
          onProgress: (loaded) => {
            inFlight.set(n, loaded);
            report();
          },
        });
        inFlight.delete(n);
        doneBytes += body.size;
        report();
        etags.set(n, etag);
        return;
      } catch (error) {
        inFlight.delete(n);
        report();
        if (!(error instanceof PartError) || !RETRYABLE.has(error.status) || attempt >= policy.tries) throw error;
        await deps.sleep(policy.firstBackoffMs * 2 ** (attempt - 1), stop.signal);
        if (error.status === 403) await urlFor(n, true);
      }
    }
  };

  let cursor = 0;
  const worker = async () => {
    while (cursor < todo.length && !stop.signal.aborted) await sendOne(todo[cursor++]!);
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(policy.parallel, todo.length) }, () =>
        worker().catch((error: unknown) => {
          stop.abort();
          throw error;
        }),
      ),
    );
  } catch (error) {
    if (signal.aborted) throw new DOMException("Aborted", "AbortError");
    if (error instanceof PartError) throw new UploadError(`A part failed: ${error.message}`, "UPLOAD_FAILED");
    throw error;
  } finally {
    signal.removeEventListener("abort", stopAll);
  }
  if (signal.aborted) throw new DOMException("Aborted", "AbortError");
  const parts = Array.from({ length: count }, (_, i) => ({ partNumber: i + 1, etag: etags.get(i + 1)! }));
  return { parts, sent: todo.length };
}
