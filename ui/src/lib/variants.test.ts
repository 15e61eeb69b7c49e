import { describe, expect, it } from "vitest";

import { durationSeconds, playableVariants, previewImages, responsiveImage, variantRole } from "./variants";

const v = (name: string, format: string, width: number) => ({
  name,
  format,
  width,
  height: Math.round(width * 0.75),
  bytes: width * 10,
  url: `http://cdn/${name}.${format}`,
});

describe("variants", () => {
  it("classifies variants by name and format", () => {
    expect(variantRole(v("w640", "webp", 640))).toBe("image");
    expect(variantRole(v("poster", "jpeg", 640))).toBe("poster");
    expect(variantRole(v("waveform", "png", 800))).toBe("waveform");
    expect(variantRole(v("h264", "mp4", 640))).toBe("video");
    expect(variantRole(v("aac", "m4a", 0))).toBe("audio");
    expect(variantRole(v("x", "bin", 0))).toBe("other");
  });

  it("uses a video's poster and a song's waveform as its preview", () => {
    const video = [v("h264", "mp4", 640), v("poster", "jpeg", 640)];
    expect(previewImages("VIDEO", video).map((x) => x.name)).toEqual(["poster"]);
    const audio = [v("aac", "m4a", 0), v("waveform", "png", 800)];
    expect(previewImages("AUDIO", audio).map((x) => x.name)).toEqual(["waveform"]);
    expect(playableVariants("AUDIO", audio).map((x) => x.name)).toEqual(["aac"]);
    expect(playableVariants("IMAGE", audio)).toEqual([]);
  });

  it("builds a srcset from the preferred format and picks a fitting src", () => {
    const images = [v("w1280", "jpeg", 1280), v("w320", "webp", 320), v("w640", "webp", 640), v("w320", "jpeg", 320)];
    const image = responsiveImage(images, 400);
    expect(image).toEqual({
      src: "http://cdn/w640.webp",
      srcSet: "http://cdn/w320.webp 320w, http://cdn/w640.webp 640w",
      width: 640,
      height: 480,
    });
    expect(responsiveImage(images, 5000)?.src).toBe("http://cdn/w640.webp");
    expect(responsiveImage([], 100)).toBeNull();
  });

  it("reads durationSeconds only when it is a number", () => {
    expect(durationSeconds({ durationSeconds: 12.5 })).toBe(12.5);
    expect(durationSeconds({ durationSeconds: "12" })).toBeNull();
    expect(durationSeconds(null)).toBeNull();
  });
});
