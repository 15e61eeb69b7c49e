import { describe, expect, it } from "vitest";

import { fingerprint } from "./fingerprint";
import { MIB } from "./part-size";

function bytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) % 251);
}

async function sha(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, 32);
}

describe("fingerprint", () => {
  it("is the name, size, modification time and a SHA-256 of the first and last MiB (the CLI's recipe)", async () => {
    const data = bytes(3 * MIB, 1);
    const file = new File([data], "clip.mov", { lastModified: 1_700_000_000_000 });
    const expected = await sha(new Uint8Array([...data.subarray(0, MIB), ...data.subarray(2 * MIB)]));
    expect(await fingerprint(file)).toBe(`clip.mov:${3 * MIB}:1700000000000:${expected}`);
  });

  it("is the same for the same file and differs for a renamed, touched or edited one", async () => {
    const data = bytes(2 * MIB + 5, 2);
    const of = (name: string, content: Uint8Array<ArrayBuffer>, lastModified = 1) =>
      fingerprint(new File([content], name, { lastModified }));
    const base = await of("a.mov", data);
    expect(await of("a.mov", data.slice())).toBe(base);
    expect(await of("b.mov", data)).not.toBe(base);
    expect(await of("a.mov", data, 2)).not.toBe(base);
    const edited = data.slice();
    edited[edited.length - 1] = 0xff - (edited.at(-1) ?? 0); // the tail changed, the size did not
    expect(await of("a.mov", edited)).not.toBe(base);
  });

  it("hashes a small file once, whole", async () => {
    const data = bytes(100, 3);
    expect(await fingerprint(new File([data], "s.jpg", { lastModified: 5 }))).toBe(`s.jpg:100:5:${await sha(data)}`);
  });
});
