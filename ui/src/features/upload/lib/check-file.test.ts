import { describe, expect, it } from "vitest";

import type { UploadPolicy } from "../api/upload-policy";

import { checkFile, contentTypeOf, friendlyTypeList } from "./check-file";

const policy: UploadPolicy = {
  acceptedTypes: ["image/jpeg", "image/png", "image/webp", "video/mp4"],
  maxImageBytes: 1000,
  maxVideoBytes: 5000,
  maxAudioBytes: 2000,
  maxPixels: 50_000_000,
  defaultPreset: "default",
};

const file = (name: string, type: string, size: number) => ({ name, type, size });

describe("checkFile", () => {
  it("accepts an allowed type under its limit", () => {
    expect(checkFile(file("a.jpg", "image/jpeg", 999), policy)).toEqual({ ok: true, contentType: "image/jpeg" });
  });

  it("explains an unsupported type and lists what is accepted", () => {
    expect(checkFile(file("doc.pdf", "application/pdf", 10), policy)).toEqual({
      ok: false,
      code: "UNSUPPORTED_TYPE",
      reason: "Files of type application/pdf aren't supported. You can upload JPEG, PNG, WebP or MP4 files.",
    });
  });

  it("applies the limit of the file's kind", () => {
    expect(checkFile(file("big.png", "image/png", 1500), policy)).toMatchObject({
      ok: false,
      code: "TOO_LARGE",
      reason: "This file is 1.5 KB; the limit for images is 1000 B.",
    });
    expect(checkFile(file("clip.mp4", "video/mp4", 1500), policy)).toMatchObject({ ok: true });
  });

  it("rejects empty files", () => {
    expect(checkFile(file("e.jpg", "image/jpeg", 0), policy)).toMatchObject({ ok: false, code: "EMPTY" });
  });

  it("infers a missing type from the extension", () => {
    expect(contentTypeOf(file("IMG_1.HEIC", "", 1))).toBe("image/heic");
    expect(checkFile(file("x.webp", "", 10), policy)).toEqual({ ok: true, contentType: "image/webp" });
    expect(checkFile(file("mystery", "", 10), policy)).toMatchObject({ ok: false, code: "UNKNOWN_TYPE" });
  });

  it("without a policy only checks what it can", () => {
    expect(checkFile(file("doc.pdf", "application/pdf", 10), null)).toMatchObject({ ok: true });
  });

  it("joins type names readably", () => {
    expect(friendlyTypeList(["image/jpeg"])).toBe("JPEG");
    expect(friendlyTypeList(["image/jpeg", "image/png"])).toBe("JPEG or PNG");
  });
});
