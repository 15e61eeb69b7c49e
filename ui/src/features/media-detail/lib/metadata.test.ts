import { describe, expect, it } from "vitest";

import { formatCaptureTime } from "@/utils/format";

import { humanizeKey, metadataRows, songTitle } from "./metadata";

const table = (metadata: unknown) => metadataRows(metadata).map((r) => [r.group, r.label, r.value]);

// Real processor output (mediapipe process on the shared samples), plus what the pipeline adds.
const NIKON_PHOTO = {
  width: 640,
  height: 480,
  format: "jpeg",
  orientation: 1,
  hasAlpha: false,
  animated: false,
  cameraMake: "NIKON",
  cameraModel: "COOLPIX P6000",
  capturedAt: "2008-10-22T16:28:39",
  hasLocation: true,
  colorProfile: "sRGB",
  detectedType: "image/jpeg",
  preset: "default",
  sourceEtag: "0123abcd",
};
const FLOWER_MP4 = {
  width: 960,
  height: 540,
  format: "mp4",
  durationS: 5.055,
  videoCodec: "h264",
  frameRate: 29.97,
  rotation: 0,
  bitrate: 1785756,
  posterAtS: 0.0,
  hasAudio: true,
  audioCodec: "aac",
  sampleRate: 48000,
  channels: 2,
  capturedAt: "2018-03-07T15:21:21+00:00",
  hasLocation: false,
  detectedType: "video/mp4",
  preset: "default",
};
const T_REX_MP3 = {
  format: "mp3",
  durationS: 2.074,
  codec: "mp3",
  sampleRate: 44100,
  channels: 2,
  channelLayout: "stereo",
  bitrate: 150735,
  detectedType: "audio/mpeg",
  preset: "default",
};

describe("metadataRows", () => {
  it("shows a photo's picture and camera facts", () => {
    expect(table(NIKON_PHOTO)).toEqual([
      ["Details", "Dimensions", "640 × 480 px"],
      ["Details", "Format", "JPEG"],
      ["Details", "Transparency", "No"],
      ["Details", "Colour profile", "sRGB"],
      ["Details", "EXIF orientation", "Normal"],
      ["Capture", "Camera", "NIKON COOLPIX P6000"],
      ["Capture", "Taken", formatCaptureTime("2008-10-22T16:28:39")],
      ["Capture", "Location", "Recorded in the original; removed from every variant"],
      ["Processing", "Detected type", "image/jpeg"],
      ["Processing", "Preset", "default"],
      ["Processing", "Original's ETag", "0123abcd"],
    ]);
  });

  it("shows a video's recording facts", () => {
    expect(table(FLOWER_MP4)).toEqual([
      ["Details", "Dimensions", "960 × 540 px"],
      ["Details", "Duration", "0:05"],
      ["Details", "Format", "MP4"],
      ["Details", "Video codec", "H.264"],
      ["Details", "Frame rate", "29.97 fps"],
      ["Details", "Sound", "Yes"],
      ["Details", "Audio codec", "AAC"],
      ["Details", "Sample rate", "48 kHz"],
      ["Details", "Channels", "Stereo"],
      ["Details", "Bit rate", "1.8 Mbit/s"],
      ["Details", "Poster frame", "At 0 s"],
      ["Capture", "Taken", formatCaptureTime("2018-03-07T15:21:21+00:00")],
      ["Capture", "Location", "Not recorded"],
      ["Processing", "Detected type", "video/mp4"],
      ["Processing", "Preset", "default"],
    ]);
  });

  it("shows a song's facts and its tags", () => {
    const rows = table({ ...T_REX_MP3, tags: { artist: "Dino", title: "Roar", label: "Jurassic" } });
    expect(rows).toEqual([
      ["Details", "Duration", "0:02"],
      ["Details", "Format", "MP3"],
      ["Details", "Codec", "MP3"],
      ["Details", "Sample rate", "44.1 kHz"],
      ["Details", "Channels", "Stereo"],
      ["Details", "Bit rate", "151 kbit/s"],
      ["Tags", "Title", "Roar"],
      ["Tags", "Artist", "Dino"],
      ["Tags", "Label", "Jurassic"],
      ["Processing", "Detected type", "audio/mpeg"],
      ["Processing", "Preset", "default"],
    ]);
    expect(songTitle({ tags: { artist: "Dino", title: "Roar" } })).toBe("Roar — Dino");
    expect(songTitle({ tags: { artist: "Dino" } })).toBe("Dino");
    expect(songTitle(T_REX_MP3)).toBeNull();
  });

  it("shows a song's loudness as a meter prints it", () => {
    expect(table({ bitrate: 128000, loudnessLufs: -14.23, loudnessRangeLu: 4.15 })).toEqual([
      ["Details", "Bit rate", "128 kbit/s"],
      ["Details", "Loudness", "\u221214.2 LUFS"],
      ["Details", "Loudness range", "4.2 LU"],
    ]);
  });

  it("sums up an animation and other picture facts", () => {
    expect(
      table({
        animated: true,
        frames: 10,
        durationMs: 4200,
        loop: 3,
        rotation: 90,
        pages: 3,
        colorProfile: "embedded",
      }),
    ).toEqual([
      ["Details", "Rotation", "Turned 90° clockwise to stand upright"],
      ["Details", "Animated", "Yes: 10 frames, 4.2 s, plays 3 times"],
      ["Details", "Pages", "3 (the first is shown)"],
      ["Details", "Colour profile", "Embedded, kept in the outputs"],
    ]);
    expect(table({ animated: true, loop: 0 })).toEqual([["Details", "Animated", "Yes: loops forever"]]);
  });

  it("names multichannel layouts, the camera once, and kept coordinates", () => {
    expect(table({ channels: 6, channelLayout: "5.1" })).toEqual([["Details", "Channels", "5.1 (6 channels)"]]);
    expect(table({ channelLayout: "mono" })).toEqual([["Details", "Channel layout", "mono"]]);
    expect(table({ cameraMake: "Canon", cameraModel: "Canon EOS 5D" })).toEqual([
      ["Capture", "Camera", "Canon EOS 5D"],
    ]);
    expect(table({ cameraModel: "iPhone 15" })).toEqual([["Capture", "Camera", "iPhone 15"]]);
    expect(table({ hasLocation: true, location: { latitude: 48.8584, longitude: 2.2945, altitude: 35.04 } })).toEqual([
      ["Capture", "Location", "48.85840, 2.29450 (altitude 35 m)"],
    ]);
    expect(table({ videoCodec: "somecodec", format: "matroska" })).toEqual([
      ["Details", "Format", "WebM"],
      ["Details", "Video codec", "SOMECODEC"],
    ]);
  });

  it("shows unknown keys generically, after the known ones", () => {
    expect(table({ zeta: { a: 1 }, isoSpeed: 200, width: 10, emptyThing: null })).toEqual([
      ["Details", "Dimensions", "10 px wide"],
      ["More", "Iso speed", "200"],
      ["More", "Zeta", '{"a":1}'],
    ]);
  });

  it("tolerates missing or odd metadata", () => {
    expect(metadataRows(null)).toEqual([]);
    expect(metadataRows([1, 2])).toEqual([]);
    expect(table({ durationS: "long", sampleRate: null, tags: "x", frames: 3 })).toEqual([["Details", "Frames", "3"]]);
  });

  it("humanizes keys", () => {
    expect(humanizeKey("capturedAt")).toBe("Captured at");
    expect(humanizeKey("gps_latitude")).toBe("Gps latitude");
  });
});
