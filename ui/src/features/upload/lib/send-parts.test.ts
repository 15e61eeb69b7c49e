import { describe, expect, it, vi } from "vitest";

import { UploadError } from "./post-file";
import { PartError, type PutPart } from "./put-part";
import { sendParts, type SendPartsDeps } from "./send-parts";

const POLICY = { parallel: 2, tries: 3, firstBackoffMs: 100 };
// 20 bytes in parts of 8: parts 1 and 2 of 8 bytes, part 3 of 4.
const file = new Blob([new Uint8Array(20)]);
const PART = 8;

/** Storage that answers each PUT from `script` (by URL: an ETag, or a status to fail with). */
function fakeStorage(script: (url: string, attempt: number) => string | number = () => "ok") {
  const puts: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  let freshUrls = 0;
  const attempts = new Map<string, number>();
  const putPart: PutPart = vi.fn(async (url, body, { signal, onProgress }) => {
    puts.push(url);
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise((resolve) => setTimeout(resolve, 2)); // long enough for the next part to start
    running -= 1;
    if (signal.aborted) throw new DOMException("Aborted", "AbortError");
    const attempt = (attempts.get(url) ?? 0) + 1;
    attempts.set(url, attempt);
    const answer = script(url, attempt);
    if (typeof answer === "number") throw new PartError(`Storage answered ${answer}.`, answer);
    onProgress(body.size);
    return `"etag-${url}"`;
  });
  const deps: SendPartsDeps = {
    putPart,
    partUrls: vi.fn(async (numbers: number[]) => {
      freshUrls += 1;
      return numbers.map((n) => ({ partNumber: n, url: `u${n}-v${freshUrls}` }));
    }),
    sleep: vi.fn(async () => undefined),
  };
  return { deps, puts, mostAtOnce: () => mostAtOnce };
}

const signal = () => new AbortController().signal;

describe("sendParts", () => {
  it("sends every part a few at a time, asks for the URLs it lacks, and returns the ETags in order", async () => {
    const storage = fakeStorage();
    const progress: number[] = [];
    const result = await sendParts(
      storage.deps,
      {
        file,
        partSize: PART,
        urls: [{ partNumber: 1, url: "u1" }],
        held: [],
        signal: signal(),
        onProgress: (loaded) => progress.push(loaded),
      },
      POLICY,
    );
    expect(result.sent).toBe(3);
    expect(result.parts).toEqual([
      { partNumber: 1, etag: '"etag-u1"' },
      { partNumber: 2, etag: '"etag-u2-v1"' },
      { partNumber: 3, etag: '"etag-u3-v1"' },
    ]);
    // One request for the URLs of parts 2 and 3, not one per part.
    expect(storage.deps.partUrls).toHaveBeenCalledExactlyOnceWith([2, 3]);
    expect(storage.mostAtOnce()).toBe(2);
    expect(progress.at(-1)).toBe(20);
  });

  it("retries a failed part alone, with backoff, while the others are sent once", async () => {
    const storage = fakeStorage((url, attempt) => (url === "u2" && attempt < 3 ? 503 : "ok"));
    const urls = [1, 2, 3].map((n) => ({ partNumber: n, url: `u${n}` }));
    const result = await sendParts(
      storage.deps,
      { file, partSize: PART, urls, held: [], signal: signal(), onProgress: () => undefined },
      POLICY,
    );
    expect(result.parts.map((p) => p.etag)).toEqual(['"etag-u1"', '"etag-u2"', '"etag-u3"']);
    expect(storage.puts.filter((u) => u === "u2")).toHaveLength(3);
    expect(storage.puts.filter((u) => u !== "u2")).toEqual(["u1", "u3"]);
    expect(vi.mocked(storage.deps.sleep).mock.calls.map(([ms]) => ms)).toEqual([100, 200]);
    expect(storage.deps.partUrls).not.toHaveBeenCalled(); // a 503 keeps the URL
  });

  it("gets a fresh URL for a part whose URL expired (403)", async () => {
    const storage = fakeStorage((url) => (url === "u2" ? 403 : "ok"));
    const urls = [1, 2, 3].map((n) => ({ partNumber: n, url: `u${n}` }));
    const result = await sendParts(
      storage.deps,
      { file, partSize: PART, urls, held: [], signal: signal(), onProgress: () => undefined },
      POLICY,
    );
    expect(storage.deps.partUrls).toHaveBeenCalledExactlyOnceWith([2]);
    expect(result.parts[1]).toEqual({ partNumber: 2, etag: '"etag-u2-v1"' });
  });

  it("on resume sends only the parts storage lacks, counting the held ones as sent", async () => {
    const storage = fakeStorage();
    const progress: number[] = [];
    const result = await sendParts(
      storage.deps,
      {
        file,
        partSize: PART,
        urls: [],
        held: [
          { partNumber: 1, etag: '"held-1"', size: 8 },
          { partNumber: 3, etag: '"held-3"', size: 4 },
        ],
        signal: signal(),
        onProgress: (loaded) => progress.push(loaded),
      },
      POLICY,
    );
    expect(storage.puts).toEqual(["u2-v1"]);
    expect(storage.deps.partUrls).toHaveBeenCalledExactlyOnceWith([2]);
    expect(result).toEqual({
      sent: 1,
      parts: [
        { partNumber: 1, etag: '"held-1"' },
        { partNumber: 2, etag: '"etag-u2-v1"' },
        { partNumber: 3, etag: '"held-3"' },
      ],
    });
    expect(progress[0]).toBe(12);
    expect(progress.at(-1)).toBe(20);
  });

  it("gives up on a part after its tries, and at once on an answer no retry fixes", async () => {
    const flaky = fakeStorage((url) => (url === "u2" ? 500 : "ok"));
    const urls = [1, 2, 3].map((n) => ({ partNumber: n, url: `u${n}` }));
    const options = { file, partSize: PART, urls, held: [], signal: signal(), onProgress: () => undefined };
    const failure = sendParts(flaky.deps, options, POLICY);
    await expect(failure).rejects.toBeInstanceOf(UploadError);
    await expect(failure).rejects.toMatchObject({ code: "UPLOAD_FAILED" });
    expect(flaky.puts.filter((u) => u === "u2")).toHaveLength(3);

    const refused = fakeStorage((url) => (url === "u1" ? 400 : "ok"));
    await expect(sendParts(refused.deps, options, POLICY)).rejects.toMatchObject({ code: "UPLOAD_FAILED" });
    expect(refused.puts.filter((u) => u === "u1")).toHaveLength(1);
  });

  it("stops when aborted (a pause or a cancel) with an AbortError", async () => {
    const controller = new AbortController();
    const storage = fakeStorage((url) => {
      if (url === "u1") controller.abort();
      return "ok";
    });
    const urls = [1, 2, 3].map((n) => ({ partNumber: n, url: `u${n}` }));
    await expect(
      sendParts(
        storage.deps,
        { file, partSize: PART, urls, held: [], signal: controller.signal, onProgress: () => undefined },
        POLICY,
      ),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(storage.puts).not.toContain("u3");
  });
});
