import type { CreateUploadInput } from "@/gql/graphql";

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
  completeMultipartUpload(id: string, parts: { partNumber: number; etag: string }[]): Promise<void>;
  putPart: PutPart;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
};

export type PartsOptions = {
  signal: AbortSignal;
  onCreated(mediaId: string): void;
  onProgress(loaded: number): void;
  policy?: SendPartsPolicy;
};

export type PartsResult = { mediaId: string; resumed: boolean; sent: number; parts: number };

/**
 * The earlier upload of the same file to go on with, and the parts storage holds for it; null when
 * there is none to continue (none remembered, or it was completed, aborted or is somebody else's).
 */
async function resumable(
  deps: PartsDeps,
  entry: LedgerEntry | null,
  signal: AbortSignal,
): Promise<(LedgerEntry & { held: HeldPart[] }) | null> {
  if (!entry) return null;
  try {
    const item = await deps.fetchStatus(entry.mediaId, signal);
    if (item?.status !== "AWAITING_UPLOAD") return null;
    return { ...entry, held: await deps.uploadedParts(entry.mediaId, signal) };
  } catch (error) {
    if (signal.aborted) throw error;
    return null; // NOT_FOUND and the like: start afresh
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
  const earlier = await resumable(deps, await deps.ledger.find(key), signal);
  let mediaId: string;
  let urls: PartUrl[] = [];
  let size: number; // the server's cut, as it answered the first try: a resume cuts the same parts
  if (earlier) {
    ({ mediaId, partSize: size } = earlier);
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
    await deps.completeMultipartUpload(mediaId, parts);
    await deps.ledger.forget(key);
    return { mediaId, resumed: earlier !== null, sent, parts: parts.length };
  } catch (error) {
    if (signal.aborted && !isPaused(signal)) await deps.ledger.forget(key); // cancelled: it is aborted
    throw error;
  }
}
