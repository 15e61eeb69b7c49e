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
