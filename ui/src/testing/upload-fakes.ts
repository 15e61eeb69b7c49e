import { vi } from "vitest";

import type { UploadStatus } from "@/features/upload/api/upload-status";
import type { UploadDeps } from "@/features/upload/lib/run-upload";

/** A promise the test settles by hand. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function makeFile(name: string, size = 1000, type = "image/jpeg"): File {
  return new File([new Uint8Array(size)], name, { type });
}

export function status(id: string, value: UploadStatus["status"], error: UploadStatus["error"] = null): UploadStatus {
  return {
    id,
    kind: "IMAGE",
    status: value,
    updatedAt: "2026-01-01T00:00:00+00:00",
    error,
    blurhash: null,
    dominantColor: null,
    variants: [],
  };
}

/**
 * In-memory UploadDeps: createUpload answers at once, each postFile (or uploadInParts, for a file
 * above the threshold) waits for the test to call
 * `finishUpload(name)`, sleeps are instant and recorded, statuses come from `statuses[mediaId]`.
 */
export function fakeUploadDeps() {
  const uploads = new Map<string, ReturnType<typeof deferred<void>> & { onProgress: (loaded: number) => void }>();
  const statuses = new Map<string, UploadStatus[]>();
  const sleeps: number[] = [];
  const signInWaits: ReturnType<typeof deferred<void>>[] = [];
  let clock = 0;
  const deps: UploadDeps = {
    createUpload: vi.fn(async (input) => ({ mediaId: `m-${input.filename}`, url: "http://s3/bucket", fields: {} })),
    postFile: vi.fn((_target, file, { signal, onProgress }) => {
      const pending = deferred();
      uploads.set(file.name, { ...pending, onProgress });
      signal.addEventListener("abort", () => pending.reject(new DOMException("Aborted", "AbortError")));
      return pending.promise;
    }),
    uploadInParts: vi.fn((file, _contentType, { signal, onCreated, onProgress }) => {
      const pending = deferred();
      const mediaId = `m-${file.name}`;
      onCreated(mediaId);
      uploads.set(file.name, { ...pending, onProgress });
      signal.addEventListener("abort", () => pending.reject(new DOMException("Aborted", "AbortError")));
      return pending.promise.then(() => ({ mediaId, resumed: false, sent: 1, parts: 1 }));
    }),
    fetchStatus: vi.fn(async (id) => {
      const queue = statuses.get(id) ?? [];
      return queue.length > 1 ? (queue.shift() ?? null) : (queue[0] ?? null);
    }),
    // No live updates: every wait is the poll interval (recorded as a sleep), then a poll.
    nextPush: vi.fn(async (_id: string, ms: number, _after: string | undefined, signal: AbortSignal) => {
      await deps.sleep(ms, signal);
      return undefined;
    }),
    cancelUpload: vi.fn(async () => undefined),
    abortUpload: vi.fn(async () => undefined),
    waitForSignIn: vi.fn((signal: AbortSignal) => {
      const wait = deferred();
      signInWaits.push(wait);
      signal.addEventListener("abort", () => wait.reject(new DOMException("Aborted", "AbortError")));
      return wait.promise;
    }),
    sleep: vi.fn(async (ms) => {
      sleeps.push(ms);
      clock += ms;
    }),
    now: () => clock,
  };
  return {
    deps,
    sleeps,
    statuses,
    progress(name: string, loaded: number) {
      uploads.get(name)?.onProgress(loaded);
    },
    /** How many calls wait for a sign-in now. */
    waitingForSignIn: () => signInWaits.length,
    /** The same person signed in again: every waiting call goes on. */
    signInAgain(after = 0) {
      clock += after;
      for (const wait of signInWaits.splice(0)) wait.resolve();
    },
    finishUpload(name: string) {
      uploads.get(name)?.resolve();
    },
    failUpload(name: string, error: unknown) {
      uploads.get(name)?.reject(error);
    },
  };
}

/** Lets pending promise callbacks run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i += 1) await Promise.resolve();
}
