import { formatBytes } from "@/utils/format";

import type { UploadPolicy } from "../api/upload-policy";

/** Browsers leave File.type empty for some formats (HEIC, AVIF on older systems); fall back to the extension. */
const BY_EXTENSION: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  heic: "image/heic",
  heif: "image/heif",
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  qt: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  aac: "audio/aac",
  wav: "audio/wav",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  opus: "audio/ogg",
  flac: "audio/flac",
};

/**
 * Other names browsers and systems give the same types (Chromium says `audio/x-m4a`, Firefox
 * `audio/x-wav`...). The same table as the server's `app/domain/media_types.py` ALIASES, which a
 * test checks, so a file the server would accept is never refused here.
 */
export const TYPE_ALIASES: Record<string, string> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "image/x-png": "image/png",
  "image/x-ms-bmp": "image/bmp",
  "image/heic-sequence": "image/heic",
  "image/heif-sequence": "image/heif",
  "audio/mp3": "audio/mpeg",
  "audio/x-wav": "audio/wav",
  "audio/wave": "audio/wav",
  "audio/vnd.wave": "audio/wav",
  "audio/x-flac": "audio/flac",
  "audio/x-m4a": "audio/mp4",
  "audio/m4a": "audio/mp4",
  "audio/x-aac": "audio/aac",
  "application/ogg": "audio/ogg",
};

const FRIENDLY_TYPE: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/gif": "GIF",
  "image/webp": "WebP",
  "image/avif": "AVIF",
  "image/bmp": "BMP",
  "image/tiff": "TIFF",
  "image/heic": "HEIC",
  "image/heif": "HEIF",
  "video/mp4": "MP4",
  "video/quicktime": "MOV",
  "video/webm": "WebM",
  "audio/mpeg": "MP3",
  "audio/mp4": "M4A",
  "audio/wav": "WAV",
  "audio/ogg": "Ogg",
  "audio/flac": "FLAC",
  "audio/aac": "AAC",
};

/** `Audio/X-WAV; codecs=1` -> `audio/wav`: lower case, parameters dropped, aliases resolved (as the server does). */
export function normaliseType(type: string): string {
  const bare = type.split(";", 1)[0]?.trim().toLowerCase() ?? "";
  return TYPE_ALIASES[bare] ?? bare;
}

/** What the browser says the file is; from its extension when the browser doesn't know (or says "binary"). */
export function contentTypeOf(file: Pick<File, "name" | "type">): string | null {
  const declared = normaliseType(file.type);
  if (declared && declared !== "application/octet-stream") return declared;
  const extension = file.name.includes(".") ? file.name.split(".").pop()?.toLowerCase() : undefined;
  return (extension && BY_EXTENSION[extension]) || null;
}

/**
 * The file picker's `accept`: the accepted types, plus the extensions of those types, so a picker
 * whose system has no type for a file (HEIC on many desktops) still offers it.
 */
export function acceptAttribute(types: readonly string[]): string {
  const extensions = Object.entries(BY_EXTENSION)
    .filter(([, type]) => types.includes(type))
    .map(([extension]) => `.${extension}`);
  return [...types, ...extensions].join(",");
}

const KINDS = [
  { prefix: "image/", noun: "Photos", limit: (p: UploadPolicy) => p.maxImageBytes },
  { prefix: "video/", noun: "Videos", limit: (p: UploadPolicy) => p.maxVideoBytes },
  { prefix: "audio/", noun: "Audio", limit: (p: UploadPolicy) => p.maxAudioBytes },
] as const;

/** One line per kind the policy accepts: "Photos (JPEG, PNG…) up to 50.0 MB". */
export function policySummary(policy: UploadPolicy): string[] {
  return KINDS.flatMap(({ prefix, noun, limit }) => {
    const types = policy.acceptedTypes.filter((type) => type.startsWith(prefix));
    if (types.length === 0) return [];
    const names = [...new Set(types.map((t) => FRIENDLY_TYPE[t] ?? t))].join(", ");
    return [`${noun} (${names}) up to ${formatBytes(limit(policy))}`];
  });
}

export function friendlyTypeList(types: readonly string[]): string {
  const names = [...new Set(types.map((t) => FRIENDLY_TYPE[t] ?? t))];
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

export type FileCheck =
  | { ok: true; contentType: string }
  | { ok: false; code: "UNSUPPORTED_TYPE" | "TOO_LARGE" | "EMPTY" | "UNKNOWN_TYPE"; reason: string };

function limitFor(contentType: string, policy: UploadPolicy): { bytes: number; noun: string } | null {
  if (contentType.startsWith("image/")) return { bytes: policy.maxImageBytes, noun: "images" };
  if (contentType.startsWith("video/")) return { bytes: policy.maxVideoBytes, noun: "videos" };
  if (contentType.startsWith("audio/")) return { bytes: policy.maxAudioBytes, noun: "audio files" };
  return null;
}

/**
 * The same checks createUpload makes, done before anything is sent so the reason shows at once.
 * Without a policy (it failed to load) only the obvious checks run; the server still has the last word.
 */
export function checkFile(file: Pick<File, "name" | "type" | "size">, policy: UploadPolicy | null): FileCheck {
  if (file.size === 0) return { ok: false, code: "EMPTY", reason: "This file is empty." };
  const contentType = contentTypeOf(file);
  if (!contentType) {
    return {
      ok: false,
      code: "UNKNOWN_TYPE",
      reason: policy
        ? `We couldn't tell what kind of file this is. You can upload ${friendlyTypeList(policy.acceptedTypes)} files.`
        : "We couldn't tell what kind of file this is.",
    };
  }
  if (!policy) return { ok: true, contentType };
  if (!policy.acceptedTypes.includes(contentType)) {
    const name = FRIENDLY_TYPE[contentType] ? `${FRIENDLY_TYPE[contentType]} files` : `Files of type ${contentType}`;
    return {
      ok: false,
      code: "UNSUPPORTED_TYPE",
      reason: `${name} aren't supported. You can upload ${friendlyTypeList(policy.acceptedTypes)} files.`,
    };
  }
  const limit = limitFor(contentType, policy);
  if (limit && file.size > limit.bytes) {
    return {
      ok: false,
      code: "TOO_LARGE",
      reason: `This file is ${formatBytes(file.size)}; the limit for ${limit.noun} is ${formatBytes(limit.bytes)}.`,
    };
  }
  return { ok: true, contentType };
}
