import type { MediaDetail } from "../api/media-detail";

/**
 * Which rendition the detail page plays, chosen by `role` and `contentType` as the API asks
 * (never by `name`), and how: the pure half of the players, so every choice is tested without a
 * browser.
 */
export type Variant = MediaDetail["variants"][number];
type Playable = Pick<Variant, "role" | "contentType" | "codecs" | "url">;
type Located = { url: string } | null;

export const HLS_TYPE = "application/vnd.apple.mpegurl";

/** A video item's two renditions: the HLS stream (adaptive, signed per folder) and the MP4 file. */
export type VideoSources<V extends Playable = Playable> = { stream: V | null; file: V | null };

export function videoSources<V extends Playable>(variants: readonly V[]): VideoSources<V> {
  return {
    stream: variants.find((v) => v.role === "STREAM" && v.contentType === HLS_TYPE) ?? null,
    file: variants.find((v) => v.role === "VIDEO" && v.contentType.startsWith("video/")) ?? null,
  };
}

/** How the <video> gets its picture: hls.js over Media Source Extensions, the browser's own HLS, or the file. */
export type VideoEngine = "hls.js" | "native-hls" | "file";
export type VideoPlan = { engine: VideoEngine; url: string };

/** What the browser can do, asked only when there is a stream to play (hls.js is loaded to ask). */
export type VideoAbilities = { hlsJs: boolean; nativeHls: boolean };

/**
 * The stream through hls.js wherever Media Source Extensions are (one behaviour in every such
 * browser, bitrate adapting to the network), else the stream natively (iOS Safari without MSE), else
 * the MP4, which every browser plays from its first bytes (it is written with fast start).
 */
export function planVideo(sources: { stream: Located; file: Located }, abilities: VideoAbilities): VideoPlan | null {
  if (sources.stream && abilities.hlsJs) return { engine: "hls.js", url: sources.stream.url };
  if (sources.stream && abilities.nativeHls) return { engine: "native-hls", url: sources.stream.url };
  if (sources.file) return { engine: "file", url: sources.file.url };
  return null;
}

/** After `failed` broke, what to play instead: only the file is left (null once the file itself broke). */
export function fallbackPlan(failed: VideoEngine, sources: { file: Located }): VideoPlan | null {
  return failed !== "file" && sources.file ? { engine: "file", url: sources.file.url } : null;
}

/** `audio/mp4; codecs="mp4a.40.2"`: a <source>'s `type`, so the browser skips what it cannot decode unfetched. */
export function mediaType(contentType: string, codecs: string | null | undefined): string {
  return codecs ? `${contentType}; codecs="${codecs}"` : contentType;
}

/**
 * A song's renditions in the order the <audio> should try them: AAC in MP4 first, since every
 * browser decodes it (Safari long played no Ogg), then the rest as the API lists them.
 */
export function audioSources<V extends Playable>(variants: readonly V[]): V[] {
  const audio = variants.filter((v) => v.role === "AUDIO" && v.contentType.startsWith("audio/"));
  const m4a = audio.filter((v) => v.contentType === "audio/mp4");
  return [...m4a, ...audio.filter((v) => v.contentType !== "audio/mp4")];
}

/** The peaks to draw a song's waveform from (audiowaveform JSON), if the item has them. */
export function peaksVariant<V extends Playable>(variants: readonly V[]): V | null {
  return variants.find((v) => v.role === "PEAKS" && v.contentType === "application/json") ?? null;
}

/** What a download is called and the extension its file gets, by what it is. */
export function downloadName(variant: Pick<Variant, "contentType" | "codecs">): { label: string; extension: string } {
  const type = variant.contentType.toLowerCase();
  if (type === "video/mp4") return { label: "MP4", extension: "mp4" };
  if (type === "audio/mp4") return { label: "M4A", extension: "m4a" };
  if (type === "audio/ogg" && variant.codecs?.includes("opus")) return { label: "Opus", extension: "opus" };
  const subtype = type.split("/")[1]?.split(";")[0] ?? "bin";
  return { label: subtype.toUpperCase(), extension: subtype };
}
