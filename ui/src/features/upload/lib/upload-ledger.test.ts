import { describe, expect, it } from "vitest";

import { asEntry, memoryLedger } from "./upload-ledger";

describe("the upload ledger", () => {
  it("keeps the server's part size with the item, so a resume cuts the file as the first try did", async () => {
    const ledger = memoryLedger();
    await ledger.remember("fp", { mediaId: "m1", partSize: 16 * 1024 * 1024 });
    expect(await ledger.find("fp")).toEqual({ mediaId: "m1", partSize: 16 * 1024 * 1024 });
    await ledger.forget("fp");
    expect(await ledger.find("fp")).toBeNull();
  });

  it("takes what IndexedDB holds only when it is a whole entry", () => {
    expect(asEntry({ mediaId: "m1", partSize: 8388608 })).toEqual({ mediaId: "m1", partSize: 8388608 });
    // An entry written before part sizes were kept (the item's id alone) starts the file afresh.
    expect(asEntry("m1")).toBeNull();
    for (const broken of [null, {}, { mediaId: "m1" }, { mediaId: "m1", partSize: 0 }, { mediaId: 1, partSize: 8 }]) {
      expect(asEntry(broken)).toBeNull();
    }
  });
});
