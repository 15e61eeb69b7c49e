import { describe, expect, it, vi } from "vitest";

import { GraphQLRequestError } from "@/lib/graphql-client";
import { status } from "@/testing/upload-fakes";

import type { HeldPart } from "../api/multipart";
import type { UploadStatus } from "../api/upload-status";

import { MIB } from "./part-size";
import { PAUSED } from "./pause";
import { uploadInParts, type PartsDeps } from "./upload-in-parts";
import { type LedgerEntry, memoryLedger } from "./upload-ledger";

// 20 MiB: parts of 8, 8 and 4 MiB.
const file = new File([new Uint8Array(20 * MIB)], "big.mov", { type: "video/quicktime", lastModified: 7 });

function fakeParts({ held = [] as HeldPart[], itemStatus = "AWAITING_UPLOAD" as UploadStatus["status"] } = {}) {
  const entries = new Map<string, LedgerEntry>();
  const deps: PartsDeps = {
    fingerprint: vi.fn(async (f: File) => `fp-${f.name}`),
    ledger: memoryLedger(entries),
    fetchStatus: vi.fn(async (id: string) => status(id, itemStatus)),
    uploadedParts: vi.fn(async () => held),
    createMultipartUpload: vi.fn(async () => ({
      mediaId: "m-new",
      partSize: 8 * MIB,
      parts: [1, 2, 3].map((n) => ({ partNumber: n, url: `u${n}` })),
    })),
    uploadPartUrls: vi.fn(async (_id: string, numbers: number[]) =>
      numbers.map((n) => ({ partNumber: n, url: `u${n}` })),
    ),
    completeMultipartUpload: vi.fn(async () => undefined),
    putPart: vi.fn(async (url: string) => `"e-${url}"`),
    sleep: vi.fn(async () => undefined),
  };
  return { deps, entries };
}

const options = (signal = new AbortController().signal) => ({
  signal,
  onCreated: vi.fn(),
  onProgress: vi.fn(),
});

describe("uploadInParts", () => {
  it("starts an upload, remembers it while it runs, completes it with every ETag and forgets it", async () => {
    const { deps, entries } = fakeParts();
    vi.mocked(deps.putPart).mockImplementation(async (url) => {
      expect(entries.get("fp-big.mov")).toEqual({ mediaId: "m-new", partSize: 8 * MIB }); // remembered before any byte goes
      return `"e-${url}"`;
    });
    const opts = options();
    const result = await uploadInParts(file, "video/quicktime", deps, opts);
    expect(result).toEqual({ mediaId: "m-new", resumed: false, sent: 3, parts: 3 });
    expect(deps.createMultipartUpload).toHaveBeenCalledWith(
      { filename: "big.mov", contentType: "video/quicktime", size: 20 * MIB },
      expect.anything(),
    );
    expect(opts.onCreated).toHaveBeenCalledWith("m-new");
    expect(deps.completeMultipartUpload).toHaveBeenCalledWith("m-new", [
      { partNumber: 1, etag: '"e-u1"' },
      { partNumber: 2, etag: '"e-u2"' },
      { partNumber: 3, etag: '"e-u3"' },
    ]);
    expect(entries.size).toBe(0);
  });

  it("resumes the remembered upload of the same file, sending only the parts storage lacks", async () => {
    const { deps, entries } = fakeParts({ held: [{ partNumber: 1, etag: '"h1"', size: 8 * MIB }] });
    entries.set("fp-big.mov", { mediaId: "m-old", partSize: 8 * MIB });
    const opts = options();
    const result = await uploadInParts(file, "video/quicktime", deps, opts);
    expect(result).toEqual({ mediaId: "m-old", resumed: true, sent: 2, parts: 3 });
    expect(deps.createMultipartUpload).not.toHaveBeenCalled();
    expect(deps.uploadedParts).toHaveBeenCalledWith("m-old", expect.anything());
    expect(deps.uploadPartUrls).toHaveBeenCalledExactlyOnceWith("m-old", [2, 3]);
    expect(vi.mocked(deps.putPart).mock.calls.map(([url]) => url)).toEqual(["u2", "u3"]);
    expect(deps.completeMultipartUpload).toHaveBeenCalledWith("m-old", [
      { partNumber: 1, etag: '"h1"' },
      { partNumber: 2, etag: '"e-u2"' },
      { partNumber: 3, etag: '"e-u3"' },
    ]);
    expect(opts.onProgress.mock.calls[0]).toEqual([8 * MIB]);
  });

  it("is done when the remembered upload's file arrived (its completion's answer lost): nothing goes again", async () => {
    for (const arrived of ["processing", "joined"] as const) {
      const { deps, entries } = fakeParts({ itemStatus: arrived === "processing" ? "PROCESSING" : "AWAITING_UPLOAD" });
      entries.set("fp-big.mov", { mediaId: "m-old", partSize: 8 * MIB });
      if (arrived === "joined") {
        // joined, its file's arrival not recorded yet: the API refuses a resume as complete
        vi.mocked(deps.uploadedParts).mockRejectedValue(
          new GraphQLRequestError("This upload is complete", "INVALID_INPUT"),
        );
      }
      const opts = options();
      expect(await uploadInParts(file, "video/quicktime", deps, opts)).toEqual({
        mediaId: "m-old",
        resumed: true,
        sent: 0,
        parts: 0,
      });
      expect(opts.onCreated).toHaveBeenCalledWith("m-old");
      expect(deps.createMultipartUpload).not.toHaveBeenCalled();
      expect(deps.putPart).not.toHaveBeenCalled();
      expect(deps.completeMultipartUpload).not.toHaveBeenCalled();
      expect(entries.size).toBe(0);
    }
  });

  it("starts afresh when the remembered item is gone", async () => {
    const gone = fakeParts();
    gone.entries.set("fp-big.mov", { mediaId: "m-old", partSize: 8 * MIB });
    vi.mocked(gone.deps.fetchStatus).mockRejectedValue(new GraphQLRequestError("gone", "NOT_FOUND"));
    expect(await uploadInParts(file, "video/quicktime", gone.deps, options())).toMatchObject({
      mediaId: "m-new",
      resumed: false,
    });
  });

  it("asks again for a completion whose answer was lost (a gateway's 504, a dropped connection)", async () => {
    const { deps, entries } = fakeParts();
    vi.mocked(deps.completeMultipartUpload)
      .mockRejectedValueOnce(new GraphQLRequestError("The server answered 504.", "HTTP_ERROR", 504))
      .mockRejectedValueOnce(new GraphQLRequestError("Could not reach the server.", "NETWORK"))
      .mockResolvedValueOnce(undefined);
    expect((await uploadInParts(file, "video/quicktime", deps, options())).mediaId).toBe("m-new");
    expect(deps.completeMultipartUpload).toHaveBeenCalledTimes(3);
    expect(vi.mocked(deps.sleep).mock.calls.map(([ms]) => ms)).toEqual([2000, 4000]);
    expect(entries.size).toBe(0);
  });

  it("does not ask again for a completion refused for a reason, nor past its attempts", async () => {
    const refused = fakeParts();
    vi.mocked(refused.deps.completeMultipartUpload).mockRejectedValue(
      new GraphQLRequestError("a part is short", "INVALID_INPUT", 200),
    );
    await expect(uploadInParts(file, "video/quicktime", refused.deps, options())).rejects.toThrow("short");
    expect(refused.deps.completeMultipartUpload).toHaveBeenCalledTimes(1);

    const down = fakeParts();
    vi.mocked(down.deps.completeMultipartUpload).mockRejectedValue(
      new GraphQLRequestError("The server answered 503.", "HTTP_ERROR", 503),
    );
    await expect(uploadInParts(file, "video/quicktime", down.deps, options())).rejects.toThrow("503");
    expect(down.deps.completeMultipartUpload).toHaveBeenCalledTimes(6);
    expect(down.entries.has("fp-big.mov")).toBe(true); // kept: Retry resumes it
  });

  it("keeps the upload remembered when paused or failed, and forgets it when cancelled", async () => {
    for (const [reason, kept] of [
      [PAUSED, true],
      [undefined, false],
    ] as const) {
      const { deps, entries } = fakeParts();
      const controller = new AbortController();
      vi.mocked(deps.putPart).mockImplementation(async () => {
        controller.abort(reason);
        throw new DOMException("Aborted", "AbortError");
      });
      await expect(uploadInParts(file, "video/quicktime", deps, options(controller.signal))).rejects.toThrow();
      expect(entries.has("fp-big.mov")).toBe(kept);
    }
    const failing = fakeParts();
    vi.mocked(failing.deps.completeMultipartUpload).mockRejectedValue(new GraphQLRequestError("no", "UNAVAILABLE"));
    await expect(uploadInParts(file, "video/quicktime", failing.deps, options())).rejects.toThrow();
    expect(failing.entries.get("fp-big.mov")).toEqual({ mediaId: "m-new", partSize: 8 * MIB });
  });
});
