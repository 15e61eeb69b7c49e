/**
 * How a big file is cut into parts: the rules of app/domain/multipart.py, so a resumed upload cuts
 * the file exactly as the first try (and the CLI) did.
 */
export const MIB = 1024 * 1024;
/** Above this a file goes up in parts: a dropped connection then costs a part, not the file. */
export const MULTIPART_THRESHOLD = 16 * MIB;
const BASE_PART_SIZE = 8 * MIB;
const MAX_PARTS = 10_000;
/** Most part URLs one uploadPartUrls hands out. */
export const MAX_URLS_PER_REQUEST = 100;

export const inParts = (size: number) => size > MULTIPART_THRESHOLD;

export function partCount(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}

/** 8 MiB, doubled until the file fits in 10,000 parts: the same answer for the same size, always. */
export function partSize(size: number): number {
  let chosen = BASE_PART_SIZE;
  while (partCount(size, chosen) > MAX_PARTS) chosen *= 2;
  return chosen;
}
