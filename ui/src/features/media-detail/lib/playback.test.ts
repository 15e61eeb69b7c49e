import { downloadFilename } from "@/utils/format";
import { describe, expect, it } from "vitest";

import type { VariantRole } from "@/gql/graphql";

import { audioSources, downloadName, fallbackPlan, mediaType, peaksVariant, planVideo, videoSources } from "./playback";

// What the processors make for a clip and a song (the contract of issue 13); names are decoys here.
const v = (role: VariantRole, contentType: string, codecs: string | null, url: string) => ({
  role,
  contentType,
  codecs,
  url,
});
const clip = [
  v("POSTER", "image/webp", null, "http://cdn/poster.webp"),
  v("PREVIEW", "image/webp", null, "http://cdn/preview.webp"),
  v("VIDEO", "video/mp4", "avc1.64001f,mp4a.40.2", "http://cdn/video.mp4"),
  v("STREAM", "application/vnd.apple.mpegurl", "avc1.64001f,mp4a.40.2", "http://cdn/hls/master.m3u8?Policy=p"),
];
const song = [
  v("WAVEFORM", "image/png", null, "http://cdn/waveform.png"),
  v("AUDIO", "audio/ogg", "opus", "http://cdn/audio-opus.ogg"),
  v("AUDIO", "audio/mp4", "mp4a.40.2", "http://cdn/audio-m4a.m4a"),
  v("PEAKS", "application/json", null, "http://cdn/peaks.json"),
];

describe("video source choice", () => {
  const sources = videoSources(clip);

  it("finds the stream and the file by role and type", () => {
    expect(sources.stream?.url).toBe("http://cdn/hls/master.m3u8?Policy=p");
    expect(sources.file?.url).toBe("http://cdn/video.mp4");
    expect(videoSources(song)).toEqual({ stream: null, file: null });
    // A name that says "video" is not a VIDEO.
    const poster = { ...v("POSTER", "image/webp", null, "x"), name: "video" };
    expect(videoSources([poster]).file).toBeNull();
  });

  it("plays the stream through hls.js with MSE, natively without, else the MP4", () => {
    expect(planVideo(sources, { hlsJs: true, nativeHls: true })).toEqual({
      engine: "hls.js",
      url: sources.stream?.url,
    });
    expect(planVideo(sources, { hlsJs: false, nativeHls: true })).toEqual({
      engine: "native-hls",
      url: sources.stream?.url,
    });
    expect(planVideo(sources, { hlsJs: false, nativeHls: false })).toEqual({ engine: "file", url: sources.file?.url });
    expect(planVideo({ stream: null, file: sources.file }, { hlsJs: true, nativeHls: true })?.engine).toBe("file");
    expect(planVideo({ stream: null, file: null }, { hlsJs: true, nativeHls: true })).toBeNull();
  });

  it("falls back to the MP4 when the stream breaks, and to nothing when the MP4 does", () => {
    expect(fallbackPlan("hls.js", sources)).toEqual({ engine: "file", url: "http://cdn/video.mp4" });
    expect(fallbackPlan("native-hls", sources)?.engine).toBe("file");
    expect(fallbackPlan("file", sources)).toBeNull();
    expect(fallbackPlan("hls.js", { file: null })).toBeNull();
  });
});

describe("audio sources", () => {
  it("offers the M4A first, then the Opus, each typed with its codecs", () => {
    const sources = audioSources(song);
    expect(sources.map((s) => s.url)).toEqual(["http://cdn/audio-m4a.m4a", "http://cdn/audio-opus.ogg"]);
    expect(sources.map((s) => mediaType(s.contentType, s.codecs))).toEqual([
      'audio/mp4; codecs="mp4a.40.2"',
      'audio/ogg; codecs="opus"',
    ]);
    expect(mediaType("audio/mp4", null)).toBe("audio/mp4");
    expect(audioSources(clip)).toEqual([]);
  });

  it("finds the peaks by role and type", () => {
    expect(peaksVariant(song)?.url).toBe("http://cdn/peaks.json");
    expect(peaksVariant(clip)).toBeNull();
  });
});

describe("downloads", () => {
  it("names each rendition for what it is and keeps the item's name", () => {
    expect(downloadName({ contentType: "video/mp4", codecs: "avc1.64001f" })).toEqual({
      label: "MP4",
      extension: "mp4",
    });
    expect(downloadName({ contentType: "audio/mp4", codecs: "mp4a.40.2" })).toEqual({ label: "M4A", extension: "m4a" });
    expect(downloadName({ contentType: "audio/ogg", codecs: "opus" })).toEqual({ label: "Opus", extension: "opus" });
    expect(downloadName({ contentType: "audio/flac", codecs: null })).toEqual({ label: "FLAC", extension: "flac" });
    expect(downloadFilename("memo.wav", "m4a")).toBe("memo.m4a");
    expect(downloadFilename("my.holiday.mov", "mp4")).toBe("my.holiday.mp4");
    expect(downloadFilename(".hidden", "mp4")).toBe(".hidden.mp4");
    expect(downloadFilename("", "mp4")).toBe("download.mp4");
  });
});
