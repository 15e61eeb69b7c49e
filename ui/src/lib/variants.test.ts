import { describe, expect, it } from "vitest";

import {
  animatedVariant,
  durationSeconds,
  isPlayable,
  placeholderColor,
  playDuration,
  previewImages,
  responsiveImage,
  singleImage,
  type VariantLike,
} from "./variants";

// As the API describes what the processors make (docs/media.md, "Outputs"); the names mean nothing here.
const ROLES: Record<string, Pick<VariantLike, "role" | "animated">> = {
  animated: { role: "IMAGE", animated: true },
  preview: { role: "PREVIEW", animated: true },
  waveform: { role: "WAVEFORM", animated: false },
};
const roleOf = (name: string) =>
  ROLES[name] ?? { role: name.startsWith("poster-") ? ("POSTER" as const) : ("IMAGE" as const), animated: false };

const v = (name: string, format: string, width: number, height = Math.round(width * 0.75)): VariantLike => ({
  name,
  ...roleOf(name),
  format,
  width,
  height,
  bytes: width * 10,
  url: `http://cdn/${name}.${format}`,
});

// What the processors make (docs/media.md, "Outputs"), for the default preset.
const photo = [v("w640", "webp", 640), v("w640", "jpeg", 640), v("w320", "webp", 320), v("w320", "jpeg", 320)];
const gif = [v("w370", "webp", 370), v("w320", "webp", 320), v("animated", "webp", 370)];
const video = [
  v("poster-w960", "webp", 960, 540),
  v("poster-w960", "jpeg", 960, 540),
  v("poster-w320", "webp", 320, 180),
  v("preview", "webp", 320, 180),
];
const song = [v("waveform", "png", 1200, 240)];

describe("variants", () => {
  it("goes by the role the API gives, whatever a variant is called", () => {
    const renamed = [
      { ...v("w640", "webp", 640), name: "poster-w640" },
      { ...v("x", "webp", 320), role: "POSTER" as const },
    ];
    expect(previewImages("IMAGE", renamed).map((x) => x.name)).toEqual(["poster-w640"]);
    expect(previewImages("VIDEO", renamed).map((x) => x.name)).toEqual(["x"]);
  });

  it("uses an image's stills, a video's poster and a song's waveform as its picture", () => {
    expect(previewImages("IMAGE", gif).map((x) => x.name)).toEqual(["w370", "w320"]);
    expect(previewImages("VIDEO", video).map((x) => x.name)).toEqual(["poster-w960", "poster-w960", "poster-w320"]);
    expect(previewImages("AUDIO", song).map((x) => x.name)).toEqual(["waveform"]);
    // Any still picture will do when the kind's own is missing; animations never stand in.
    expect(previewImages("VIDEO", photo)).toHaveLength(4);
    expect(previewImages("IMAGE", [v("preview", "webp", 320), v("animated", "webp", 320)])).toEqual([]);
  });

  it("finds the moving picture: an animated image's `animated`, a video's `preview`", () => {
    expect(animatedVariant("IMAGE", gif)?.name).toBe("animated");
    expect(animatedVariant("VIDEO", video)?.name).toBe("preview");
    expect(animatedVariant("IMAGE", photo)).toBeNull();
    expect(animatedVariant("AUDIO", song)).toBeNull();
    expect(singleImage(v("preview", "webp", 320, 180))).toEqual({
      src: "http://cdn/preview.webp",
      srcSet: "http://cdn/preview.webp 320w",
      width: 320,
      height: 180,
    });
  });

  it("builds a srcset from the preferred format and picks a fitting src", () => {
    const images = [v("w1280", "jpeg", 1280), v("w320", "webp", 320), v("w640", "webp", 640), v("w320", "jpeg", 320)];
    expect(responsiveImage(images, 400)).toEqual({
      src: "http://cdn/w640.webp",
      srcSet: "http://cdn/w320.webp 320w, http://cdn/w640.webp 640w",
      width: 640,
      height: 480,
    });
    expect(responsiveImage(images, 5000)?.src).toBe("http://cdn/w640.webp");
    expect(responsiveImage(song, 320)?.src).toBe("http://cdn/waveform.png");
    expect(responsiveImage([], 100)).toBeNull();
  });

  it("reads the processors' durationS only when it is a number", () => {
    expect(durationSeconds({ durationS: 5.055 })).toBe(5.055);
    expect(durationSeconds({ durationS: "12" })).toBeNull();
    expect(durationSeconds({ durationSeconds: 12 })).toBeNull();
    expect(durationSeconds(null)).toBeNull();
  });

  it("takes the play length from the rendition, then from the original's metadata", () => {
    const mp4 = { role: "VIDEO" as const, durationSeconds: 3.04 };
    const stream = { role: "STREAM" as const, durationSeconds: 3.1 };
    expect(playDuration([stream, mp4], { durationS: 3.2 })).toBe(3.04);
    expect(playDuration([stream], { durationS: 3.2 })).toBe(3.1);
    expect(playDuration([{ role: "AUDIO", durationSeconds: 61 }], null)).toBe(61);
    expect(playDuration([{ role: "VIDEO", durationSeconds: null }], { durationS: 3.2 })).toBe(3.2);
    expect(playDuration([{ role: "POSTER" }], null)).toBeNull();
  });

  it("calls an item playable only when it has a rendition to play", () => {
    expect(isPlayable(video)).toBe(false);
    expect(isPlayable(song)).toBe(false);
    expect(isPlayable([...song, { ...v("audio-m4a", "m4a", 0, 0), role: "AUDIO" }])).toBe(true);
    expect(isPlayable([{ ...v("stream", "m3u8", 0, 0), role: "STREAM" }])).toBe(true);
  });

  it("accepts only #rrggbb as a placeholder colour", () => {
    expect(placeholderColor("#6d552f")).toBe("#6d552f");
    expect(placeholderColor("#ABCDEF")).toBe("#ABCDEF");
    expect(placeholderColor("red")).toBeNull();
    expect(placeholderColor("#fff; background: url(x)")).toBeNull();
    expect(placeholderColor(null)).toBeNull();
  });
});
