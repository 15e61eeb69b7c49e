/**
 * When a file goes up in parts, and how many a part size makes. The part size itself is the
 * server's (createMultipartUpload says it; the ledger keeps it for a resume): its rule lives in
 * app/domain/multipart.py alone.
 */
export const MIB = 1024 * 1024;
/** Above this a file goes up in parts: a dropped connection then costs a part, not the file. */
export const MULTIPART_THRESHOLD = 16 * MIB;
/** Most part URLs one uploadPartUrls hands out. */
export const MAX_URLS_PER_REQUEST = 100;

export const inParts = (size: number) => size > MULTIPART_THRESHOLD;

export function partCount(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}
