import { describe, expect, it } from "vitest";

import type { UploadPolicy } from "../api/upload-policy";

import serverTypes from "../../../../../app/domain/media_types.py?raw";

import {
  acceptAttribute,
  checkFile,
  contentTypeOf,
  friendlyTypeList,
  normaliseType,
  policySummary,
  TYPE_ALIASES,
} from "./check-file";

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

  it("accepts the other names browsers give accepted types, as the server does", () => {
    const audio = { ...policy, acceptedTypes: ["audio/mpeg", "audio/wav", "audio/mp4", "audio/flac"] };
    expect(checkFile(file("song.m4a", "audio/x-m4a", 10), audio)).toEqual({ ok: true, contentType: "audio/mp4" });
    expect(checkFile(file("take.wav", "audio/x-wav", 10), audio)).toEqual({ ok: true, contentType: "audio/wav" });
    expect(checkFile(file("a.flac", "audio/x-flac", 10), audio)).toEqual({ ok: true, contentType: "audio/flac" });
    expect(normaliseType("Audio/MP3; charset=binary")).toBe("audio/mpeg");
    // A browser that only says "binary" is asked no further: the extension decides.
    expect(contentTypeOf(file("roar.mp3", "application/octet-stream", 1))).toBe("audio/mpeg");
  });

  it("knows exactly the server's type aliases (app/domain/media_types.py)", () => {
    const block = /ALIASES: dict\[str, str\] = \{([^}]*)\}/.exec(serverTypes)?.[1] ?? "";
    const server = Object.fromEntries([...block.matchAll(/"([^"]+)":\s*"([^"]+)"/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(server).length).toBeGreaterThan(10);
    expect(TYPE_ALIASES).toEqual(server);
  });

  it("lets the picker offer accepted files by extension too", () => {
    expect(acceptAttribute(["image/heic", "video/quicktime"]).split(",")).toEqual([
      "image/heic",
      "video/quicktime",
      ".heic",
      ".mov",
      ".qt",
    ]);
  });

  it("sums up the policy per kind, skipping kinds it does not accept", () => {
    expect(
      policySummary({
        ...policy,
        acceptedTypes: ["image/jpeg", "image/heic", "image/heif", "audio/mpeg", "audio/mp4"],
      }),
    ).toEqual(["Photos (JPEG, HEIC, HEIF) up to 1000 B", "Audio (MP3, M4A) up to 2.0 KB"]);
  });
});
