import type { CreateUploadInput } from "@/gql/graphql";
import { errorCodeOf, GraphQLRequestError } from "@/lib/graphql-client";
import { backoffDelay } from "@/utils/backoff";

import type { CreatedMultipartUpload, HeldPart, PartUrl } from "../api/multipart";
import type { UploadStatus } from "../api/upload-status";

import { isPaused } from "./pause";
import type { PutPart } from "./put-part";
import { sendParts, type SendPartsPolicy } from "./send-parts";
import type { LedgerEntry, UploadLedger } from "./upload-ledger";

/** The API, storage and memory an upload in parts uses (wired in the provider, faked in tests). */
export type PartsDeps = {
  fingerprint(file: File): Promise<string>;
  ledger: UploadLedger;
  fetchStatus(id: string, signal: AbortSignal): Promise<UploadStatus | null>;
  uploadedParts(id: string, signal: AbortSignal): Promise<HeldPart[]>;
  createMultipartUpload(input: CreateUploadInput, signal: AbortSignal): Promise<CreatedMultipartUpload>;
  uploadPartUrls(id: string, partNumbers: number[]): Promise<PartUrl[]>;
  completeMultipartUpload(id: string, parts: Part[]): Promise<void>;
  putPart: PutPart;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
};

export type PartsOptions = {
  signal: AbortSignal;
  onCreated(mediaId: string): void;
  onProgress(loaded: number): void;
  policy?: SendPartsPolicy;
};

type Part = { partNumber: number; etag: string };

export type PartsResult = { mediaId: string; resumed: boolean; sent: number; parts: number };

/** What became of the earlier upload of the same file, as far as it matters to this one. */
type Earlier =
  | { state: "resume"; entry: LedgerEntry; held: HeldPart[] } // go on: send the parts storage lacks
  | { state: "arrived"; mediaId: string }; // its file went up whole (the completion's answer was lost)

/**
 * The earlier upload of the same file: to go on with, or already complete; null when there is none
 * to continue (none remembered, or aborted, or somebody else's).
 */
async function earlierUpload(deps: PartsDeps, entry: LedgerEntry | null, signal: AbortSignal): Promise<Earlier | null> {
  if (!entry) return null;
  try {
    const item = await deps.fetchStatus(entry.mediaId, signal);
    if (!item) return null;
    if (item.status !== "AWAITING_UPLOAD") return { state: "arrived", mediaId: entry.mediaId };
    return { state: "resume", entry, held: await deps.uploadedParts(entry.mediaId, signal) };
  } catch (error) {
    if (signal.aborted) throw error;
    // Joined, and its file's arrival not recorded yet: the API says the upload is complete.
    if (errorCodeOf(error) === "INVALID_INPUT") return { state: "arrived", mediaId: entry.mediaId };
    return null; // NOT_FOUND and the like: start afresh
  }
}

/** Attempts at a completion whose answer was lost, and the longest wait between two. */
const COMPLETE_ATTEMPTS = 6;
const COMPLETE_BACKOFF = { initialMs: 2000, factor: 2, maxMs: 30_000 };

/**
 * An answer that may hide a completion that went through: S3 can take longer to join gigabytes than
 * a gateway waits (API Gateway gives up at 29 s with a 504), or the network dropped the answer.
 */
function mayHaveCompleted(error: unknown): boolean {
  if (!(error instanceof GraphQLRequestError)) return false;
  return error.code === "NETWORK" || [502, 503, 504].includes(error.status ?? 0);
}

/** Completes the upload, asking again while the answer was lost: the API answers a repeat with the item. */
async function complete(deps: PartsDeps, mediaId: string, parts: Part[], signal: AbortSignal): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.completeMultipartUpload(mediaId, parts);
      return;
    } catch (error) {
      if (attempt >= COMPLETE_ATTEMPTS || signal.aborted || !mayHaveCompleted(error)) throw error;
      await deps.sleep(backoffDelay(attempt - 1, COMPLETE_BACKOFF), signal);
    }
  }
}

/**
 * A file above the threshold, in parts: continues the remembered upload of the same file (sending
 * only the parts storage lacks) or starts one, sends the parts, completes it. Remembered from the
 * moment it is created until it completes or is cancelled; a pause or a failure keeps it, so picking
 * the file again (or Retry, or Resume) goes on where it stopped.
 */
export async function uploadInParts(
  file: File,
  contentType: string,
  deps: PartsDeps,
  { signal, onCreated, onProgress, policy }: PartsOptions,
): Promise<PartsResult> {
  const key = await deps.fingerprint(file);
  const earlier = await earlierUpload(deps, await deps.ledger.find(key), signal);
  if (earlier?.state === "arrived") {
    onCreated(earlier.mediaId);
    await deps.ledger.forget(key);
    return { mediaId: earlier.mediaId, resumed: true, sent: 0, parts: 0 };
  }
  let mediaId: string;
  let urls: PartUrl[] = [];
  let size: number; // the server's cut, as it answered the first try: a resume cuts the same parts
  if (earlier) {
    ({ mediaId, partSize: size } = earlier.entry);
  } else {
    const created = await deps.createMultipartUpload({ filename: file.name, contentType, size: file.size }, signal);
    ({ mediaId, parts: urls, partSize: size } = created);
    await deps.ledger.remember(key, { mediaId, partSize: size });
  }
  onCreated(mediaId);
  try {
    const { parts, sent } = await sendParts(
      { putPart: deps.putPart, partUrls: (numbers) => deps.uploadPartUrls(mediaId, numbers), sleep: deps.sleep },
      { file, partSize: size, urls, held: earlier?.held ?? [], signal, onProgress },
      policy,
    );
    await complete(deps, mediaId, parts, signal);
    await deps.ledger.forget(key);
    return { mediaId, resumed: earlier !== null, sent, parts: parts.length };
  } catch (error) {
    if (signal.aborted && !isPaused(signal)) await deps.ledger.forget(key); // cancelled: it is aborted
    throw error;
  }
}
