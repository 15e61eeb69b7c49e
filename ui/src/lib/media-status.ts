import type { MediaStatus } from "@/gql/graphql";

export type Tone = "neutral" | "progress" | "success" | "warning" | "danger";

const STATUS: Record<MediaStatus, { label: string; tone: Tone; terminal: boolean }> = {
  AWAITING_UPLOAD: { label: "Waiting for upload", tone: "neutral", terminal: false },
  PROCESSING: { label: "Processing", tone: "progress", terminal: false },
  READY: { label: "Ready", tone: "success", terminal: true },
  REJECTED: { label: "Rejected", tone: "warning", terminal: true },
  FAILED: { label: "Failed", tone: "danger", terminal: true },
};

export const MEDIA_STATUSES = Object.keys(STATUS) as MediaStatus[];

export function statusLabel(status: MediaStatus): string {
  return STATUS[status].label;
}

export function statusTone(status: MediaStatus): Tone {
  return STATUS[status].tone;
}

/** READY, REJECTED and FAILED never change by themselves; polling stops there. */
export function isTerminal(status: MediaStatus): boolean {
  return STATUS[status].terminal;
}

/**
 * An upload registered this long ago whose file never arrived has stopped (the tab closed, the
 * connection dropped): shown as interrupted, with resume and delete, rather than as waiting. An
 * upload in parts resumes when its file is picked again; the server forgets it after a day.
 */
export const INTERRUPTED_AFTER_MS = 10 * 60_000;

export function isInterrupted(item: { status: MediaStatus; createdAt: string }, now: number = Date.now()): boolean {
  return item.status === "AWAITING_UPLOAD" && now - Date.parse(item.createdAt) >= INTERRUPTED_AFTER_MS;
}

export const INTERRUPTED_LABEL = "Upload interrupted";
