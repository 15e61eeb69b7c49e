import type { CreateUploadInput } from "@/gql/graphql";
import { errorCodeOf } from "@/lib/graphql-client";
import { isTerminal } from "@/lib/media-status";
import { backoffDelay, type Backoff, STATUS_POLL } from "@/utils/backoff";

import type { CreatedUpload } from "../api/create-upload";
import type { UploadStatus } from "../api/upload-status";

import { inParts } from "./part-size";
import { isPaused } from "./pause";
import { UploadError } from "./post-file";
import type { PartsOptions, PartsResult } from "./upload-in-parts";
import type { UploadEvent } from "./upload-state";

/** Everything one upload touches, injected so the lifecycle is testable without a network. */
export type UploadDeps = {
  createUpload(input: CreateUploadInput, signal: AbortSignal): Promise<CreatedUpload>;
  postFile(
    target: CreatedUpload,
    file: File,
    options: { signal: AbortSignal; onProgress: (loaded: number) => void },
  ): Promise<void>;
  /** A file above the multipart threshold: sent in parts, resuming the same file's earlier try. */
  uploadInParts(file: File, contentType: string, options: PartsOptions): Promise<PartsResult>;
  fetchStatus(id: string, signal: AbortSignal): Promise<UploadStatus | null>;
  /**
   * The item's next change pushed over live updates, newer than `after` (an updatedAt); undefined
   * when live updates are not open (after `fallbackMs`) or drop: then the status is asked for.
   */
  nextPush(
    id: string,
    fallbackMs: number,
    after: string | undefined,
    signal: AbortSignal,
  ): Promise<UploadStatus | undefined>;
  /** Deletes a registration whose presigned POST never arrived. */
  cancelUpload(id: string): Promise<void>;
  /** Drops an unfinished upload in parts: its parts and its item. */
  abortUpload(id: string): Promise<void>;
  /**
   * Resolves when the same person is signed in again after their session ended; rejects with an
   * AbortError when `signal` aborts or somebody else signs in.
   */
  waitForSignIn(signal: AbortSignal): Promise<void>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
};

export type PollPolicy = Backoff & {
  /** Give up polling after this long; the item keeps processing and shows up in the gallery. */
  budgetMs: number;
};

export const DEFAULT_POLL: PollPolicy = { ...STATUS_POLL, budgetMs: 5 * 60_000 };

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

function codeOf(error: unknown): string {
  return error instanceof UploadError ? error.code : errorCodeOf(error);
}

/** The wait for a sign-in was given up: that person signed out, or somebody else signed in. */
class SessionGone extends Error {
  override name = "SessionGone";
}

/**
 * Runs an API call; when the session has ended (UNAUTHENTICATED: the API client already tried one
 * refresh), waits for the person to sign in again and calls again, so the file never leaves the
 * queue. Returns the call's result and how long it waited.
 */
async function whileSignedIn<T>(
  deps: UploadDeps,
  signal: AbortSignal,
  emit: (event: UploadEvent) => void,
  call: () => Promise<T>,
): Promise<{ result: T; waitedMs: number }> {
  let waitedMs = 0;
  for (;;) {
    try {
      return { result: await call(), waitedMs };
    } catch (error) {
      if (errorCodeOf(error) !== "UNAUTHENTICATED") throw error;
      const since = deps.now();
      emit({ type: "waitingForSignIn" });
      await deps.waitForSignIn(signal).catch((reason: unknown) => {
        throw signal.aborted ? reason : new SessionGone("the session this upload belonged to is gone");
      });
      emit({ type: "signedInAgain" });
      waitedMs += deps.now() - since;
    }
  }
}

/**
 * One file's whole life: register it, send its bytes, then follow its status until it is READY,
 * REJECTED or FAILED: pushed over live updates while they are open, else polled with backoff. Reports progress through `emit`; never throws. When cancelled or failed
 * after the item was registered but before its bytes arrived, it deletes the registration (best effort).
 * A session that ends on the way pauses the API calls (registering, polling) until the same person
 * signs in again; the bytes go to storage on a presigned POST and need no sign-in, so they keep going.
 * Files above the threshold go in parts (upload-in-parts.ts): a cancel aborts that upload, while a
 * pause (an abort with PAUSED) or a failure keeps it, to be resumed; a call refused for an ended
 * session is tried again after the sign-in, and resumes the parts already sent.
 */
export async function runUpload(
  file: File,
  contentType: string,
  deps: UploadDeps,
  signal: AbortSignal,
  emit: (event: UploadEvent) => void,
  poll: PollPolicy = DEFAULT_POLL,
): Promise<void> {
  let mediaId: string | null = null;
  let uploaded = false;
  const multipart = inParts(file.size);
  const onProgress = (loaded: number) => emit({ type: "progress", loaded, at: deps.now() });
  try {
    if (multipart) {
      const onCreated = (id: string) => {
        mediaId = id;
        emit({ type: "created", mediaId: id });
      };
      const { result } = await whileSignedIn(deps, signal, emit, () =>
        deps.uploadInParts(file, contentType, { signal, onCreated, onProgress }),
      );
      mediaId = result.mediaId;
    } else {
      const input = { filename: file.name, contentType, size: file.size };
      const { result: created } = await whileSignedIn(deps, signal, emit, () => deps.createUpload(input, signal));
      mediaId = created.mediaId;
      emit({ type: "created", mediaId });
      await deps.postFile(created, file, { signal, onProgress });
    }
    uploaded = true;
    emit({ type: "uploaded" });

    const id = mediaId;
    let started = deps.now();
    let shown: string | undefined; // the updatedAt of the status last shown
    for (let attempt = 0; ; attempt += 1) {
      // Pushed while live updates are open; asked for (with backoff) while they are not.
      let media: UploadStatus | null | undefined = await deps.nextPush(id, backoffDelay(attempt, poll), shown, signal);
      if (media === undefined) {
        try {
          const polled = await whileSignedIn(deps, signal, emit, () => deps.fetchStatus(id, signal));
          media = polled.result;
          started += polled.waitedMs; // time spent signed out is not processing time
        } catch (error) {
          if (isAbort(error) || error instanceof SessionGone) throw error;
          media = undefined; // a failed poll is transient: keep polling within the budget
        }
      }
      if (media) shown = media.updatedAt;
      if (media === null) {
        emit({ type: "error", code: "NOT_FOUND", message: "" });
        return;
      }
      if (media) {
        emit({ type: "status", media });
        if (isTerminal(media.status)) return;
      }
      if (deps.now() - started > poll.budgetMs) {
        emit({ type: "stalled" });
        return;
      }
    }
  } catch (error) {
    // Its person is gone: nothing may be done in their name (nor in the next person's) any more.
    if (error instanceof SessionGone) return;
    // Paused: the parts storage holds are kept for the resume.
    if (isPaused(signal)) return;
    // A registration whose bytes never arrived would linger as "waiting for upload": remove it. An
    // upload in parts is kept after a failure, so Retry (or picking the file again) resumes it.
    if (mediaId && !uploaded) {
      if (!multipart) await deps.cancelUpload(mediaId).catch(() => undefined);
      else if (signal.aborted) await deps.abortUpload(mediaId).catch(() => undefined);
    }
    if (isAbort(error)) return;
    emit({ type: "error", code: codeOf(error), message: error instanceof Error ? error.message : String(error) });
  }
}
