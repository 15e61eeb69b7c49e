const UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/** 1536 -> "1.5 KB" (binary multiples, the way file managers show sizes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** 75.4 -> "1:15", 3725 -> "1:02:05". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** -14.23 -> "−14.2 LUFS": integrated loudness (EBU R 128), with a true minus sign, as meters print it. */
export function formatLoudness(lufs: number): string {
  if (!Number.isFinite(lufs)) return "–";
  const value = Math.abs(lufs).toFixed(1);
  return `${lufs < 0 && value !== "0.0" ? "\u2212" : ""}${value} LUFS`;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function formatPercent(fraction: number): string {
  return `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * When a photo or clip was taken, as the camera's clock said: "Oct 22, 2008, 4:28 PM", plus the
 * zone when the camera wrote one ("(UTC+02:00)"). Not moved into the viewer's time zone: a holiday
 * photo taken at 9 in the morning reads 9 in the morning wherever it is looked at.
 */
export function formatCaptureTime(iso: string): string {
  const match = ISO_LOCAL.exec(iso);
  if (!match) return iso;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const wall = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second));
  if (Number.isNaN(wall.getTime())) return iso;
  const text = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
    wall,
  );
  const zone = match[7];
  if (!zone) return text;
  return `${text} (UTC${zone === "Z" || zone === "+00:00" ? "" : zone})`;
}

/** "song.wav" and "m4a" -> "song.m4a": the saved file keeps the item's name with the rendition's extension. */
export function downloadFilename(filename: string, extension: string): string {
  const dot = filename.lastIndexOf(".");
  const stem = dot > 0 ? filename.slice(0, dot) : filename;
  return `${stem || "download"}.${extension}`;
}
