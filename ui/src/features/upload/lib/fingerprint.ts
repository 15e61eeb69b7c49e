import { MIB } from "./part-size";

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The file as the resume ledger knows it: the same file on disk, not only the same name. Name, size,
 * modification time and a SHA-256 of the first and last MiB (hashing it all would take seconds for
 * a few GiB), the same recipe as the CLI's app/client/parts.py, so a renamed copy or an edited file
 * starts afresh while the same file picked again resumes.
 */
export async function fingerprint(file: File): Promise<string> {
  const head = await file.slice(0, MIB).arrayBuffer();
  const tail = file.size > MIB ? await file.slice(Math.max(MIB, file.size - MIB)).arrayBuffer() : new ArrayBuffer(0);
  const both = new Uint8Array(head.byteLength + tail.byteLength);
  both.set(new Uint8Array(head), 0);
  both.set(new Uint8Array(tail), head.byteLength);
  const digest = hex(await crypto.subtle.digest("SHA-256", both));
  return `${file.name}:${file.size}:${file.lastModified}:${digest.slice(0, 32)}`;
}
