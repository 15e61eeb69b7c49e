import { isTerminal } from "@/lib/media-status";

import type { UploadStatus } from "../api/upload-status";

import { inParts } from "./part-size";
import { nextRate, type TransferRate } from "./transfer-rate";

/**
 * The upload queue as pure state: what each dropped file is doing. The queue (upload-queue.ts) feeds
 * it actions; components only read it.
 */
export type UploadPhase =
  | "invalid" // failed the client-side checks; never sent
  | "queued" // waiting for a free upload slot
  | "creating" // asking the API for an upload permission
  | "uploading" // bytes going to storage
  | "paused" // an upload in parts the person paused: no part is being sent; resume continues it
  | "processing" // uploaded; polling the item's status
  | "ready"
  | "rejected"
  | "failed"
  | "error" // the upload itself went wrong (network, API refused)
  | "stalled" // still processing after the polling budget; the gallery will show it later
  | "canceled";

export type UploadItem = {
  id: string;
  file: File;
  contentType: string;
  phase: UploadPhase;
  /** Bytes sent so far (uploading) */
  loaded: number;
  /** How fast the bytes go, for speed and time left; null until measured. */
  rate: TransferRate | null;
  mediaId: string | null;
  error: { code: string; message: string } | null;
  /** The last status poll, for READY previews and server messages. */
  media: UploadStatus | null;
  /** Its next API call waits for the person to sign in again (the session ended); bytes still flow. */
  waitingForSignIn: boolean;
};

export type UploadState = { items: UploadItem[] };

export type UploadEvent =
  | { type: "created"; mediaId: string }
  /** `at`: when (ms, the deps' clock), for the transfer rate. */
  | { type: "progress"; loaded: number; at: number }
  | { type: "uploaded" }
  | { type: "status"; media: UploadStatus }
  | { type: "error"; code: string; message: string }
  | { type: "stalled" }
  | { type: "waitingForSignIn" }
  | { type: "signedInAgain" };

export type UploadAction =
  | {
      type: "add";
      items: { id: string; file: File; contentType: string; rejection?: { code: string; message: string } }[];
    }
  | { type: "start"; id: string }
  | { type: "event"; id: string; event: UploadEvent }
  | { type: "cancel"; id: string }
  | { type: "pause"; id: string }
  | { type: "resume"; id: string }
  | { type: "retry"; id: string }
  | { type: "dismiss"; id: string }
  | { type: "clearFinished" }
  /** Everything goes (somebody signed out): the queue is this person's, never the next one's. */
  | { type: "reset" };

export const initialUploadState: UploadState = { items: [] };

const ACTIVE: readonly UploadPhase[] = ["creating", "uploading", "processing"];
const CANCELABLE: readonly UploadPhase[] = ["queued", "creating", "uploading", "paused"];
const FINISHED: readonly UploadPhase[] = ["invalid", "ready", "rejected", "failed", "error", "stalled", "canceled"];

export const isActive = (item: UploadItem) => ACTIVE.includes(item.phase);
export const isCancelable = (item: UploadItem) => CANCELABLE.includes(item.phase);
export const isFinished = (item: UploadItem) => FINISHED.includes(item.phase);
/** Only uploads in parts pause: storage keeps the parts sent, so nothing is sent twice. */
export const isPausable = (item: UploadItem) =>
  // Once every byte is in, only the completion is left: a pause then would stop nothing.
  item.phase === "uploading" && inParts(item.file.size) && item.loaded < item.file.size;
/** Slots are held only while bytes move; processing happens on the server and needs no slot. */
export const holdsSlot = (item: UploadItem) => item.phase === "creating" || item.phase === "uploading";

/** The queued items that may start now, oldest first, given `concurrency` parallel uploads. */
export function startable(state: UploadState, concurrency: number): UploadItem[] {
  const free = concurrency - state.items.filter(holdsSlot).length;
  if (free <= 0) return [];
  return state.items.filter((item) => item.phase === "queued").slice(0, free);
}

/** 0..1 of the bytes sent, or null while it is not uploading. */
export function uploadFraction(item: UploadItem): number | null {
  if (item.phase === "queued" || item.phase === "creating") return 0;
  if (item.phase !== "uploading" && item.phase !== "paused") return null;
  return item.file.size > 0 ? Math.min(1, item.loaded / item.file.size) : 0;
}

/** Held back until its person signs in again (their session ended mid-upload). */
export function isWaitingForSignIn(item: UploadItem): boolean {
  return item.waitingForSignIn && !isFinished(item);
}

export function summarize(state: UploadState) {
  const count = (phases: UploadPhase[]) => state.items.filter((i) => phases.includes(i.phase)).length;
  return {
    total: state.items.length,
    inFlight: count(["queued", "creating", "uploading", "paused", "processing"]),
    paused: count(["paused"]),
    waitingForSignIn: state.items.filter(isWaitingForSignIn).length,
    ready: count(["ready"]),
    problems: count(["invalid", "rejected", "failed", "error"]),
    finished: state.items.filter(isFinished).length,
  };
}

const SENDING: readonly UploadPhase[] = ["queued", "creating", "uploading", "paused"];

export type OverallProgress = {
  loaded: number;
  total: number;
  /** The files moving now, together (null until one has a measured rate): at it, the rest goes. */
  bytesPerSecond: number | null;
};

/** Bytes sent of the files still to send (all of them in the panel's overall bar); null when none. */
export function overallProgress(state: UploadState): OverallProgress | null {
  const sending = state.items.filter((item) => SENDING.includes(item.phase));
  if (sending.length === 0) return null;
  const rates = sending.flatMap((item) =>
    item.phase === "uploading" && item.rate?.bytesPerSecond ? [item.rate.bytesPerSecond] : [],
  );
  return {
    loaded: sending.reduce((sum, item) => sum + Math.min(item.loaded, item.file.size), 0),
    total: sending.reduce((sum, item) => sum + item.file.size, 0),
    bytesPerSecond: rates.length > 0 ? rates.reduce((sum, rate) => sum + rate, 0) : null,
  };
}

function applyEvent(item: UploadItem, event: UploadEvent): UploadItem {
  // Late events after cancel, pause or a terminal status change nothing.
  if (isFinished(item) || item.phase === "paused") return item;
  switch (event.type) {
    case "created":
      return { ...item, mediaId: event.mediaId };
    case "progress":
      return {
        ...item,
        phase: "uploading",
        loaded: Math.max(item.loaded, event.loaded),
        rate: nextRate(item.rate, event.loaded, event.at),
      };
    case "uploaded":
      return { ...item, phase: "processing", loaded: item.file.size };
    case "status": {
      const { status, error } = event.media;
      const media = event.media;
      if (!isTerminal(status)) return { ...item, media };
      const phase: UploadPhase = status === "READY" ? "ready" : status === "REJECTED" ? "rejected" : "failed";
      return { ...item, phase, media, error: error ? { code: error.code, message: error.message } : null };
    }
    case "error":
      return { ...item, phase: "error", error: { code: event.code, message: event.message } };
    case "stalled":
      return { ...item, phase: "stalled", error: { code: "STILL_PROCESSING", message: "" } };
    case "waitingForSignIn":
      return { ...item, waitingForSignIn: true };
    case "signedInAgain":
      return { ...item, waitingForSignIn: false };
  }
}

function update(state: UploadState, id: string, change: (item: UploadItem) => UploadItem): UploadState {
  return { items: state.items.map((item) => (item.id === id ? change(item) : item)) };
}

export function uploadReducer(state: UploadState, action: UploadAction): UploadState {
  switch (action.type) {
    case "add":
      return {
        items: [
          ...state.items,
          ...action.items.map(({ id, file, contentType, rejection }): UploadItem => ({
            id,
            file,
            contentType,
            phase: rejection ? "invalid" : "queued",
            loaded: 0,
            rate: null,
            mediaId: null,
            error: rejection ?? null,
            media: null,
            waitingForSignIn: false,
          })),
        ],
      };
    case "start":
      return update(state, action.id, (item) => (item.phase === "queued" ? { ...item, phase: "creating" } : item));
    case "event":
      return update(state, action.id, (item) => applyEvent(item, action.event));
    case "cancel":
      return update(state, action.id, (item) => (isCancelable(item) ? { ...item, phase: "canceled" } : item));
    case "pause":
      return update(state, action.id, (item) => (isPausable(item) ? { ...item, phase: "paused", rate: null } : item));
    case "resume":
      // Back in the queue; its run asks storage which parts it holds, and the bytes count from there.
      return update(state, action.id, (item) =>
        item.phase === "paused" ? { ...item, phase: "queued", loaded: 0, rate: null } : item,
      );
    case "retry":
      return update(state, action.id, (item) =>
        item.phase === "error"
          ? {
              ...item,
              phase: "queued",
              loaded: 0,
              rate: null,
              mediaId: null,
              error: null,
              media: null,
              waitingForSignIn: false,
            }
          : item,
      );
    case "dismiss":
      return { items: state.items.filter((item) => item.id !== action.id || !isFinished(item)) };
    case "clearFinished":
      return { items: state.items.filter((item) => !isFinished(item)) };
    case "reset":
      return state.items.length === 0 ? state : initialUploadState;
  }
}
