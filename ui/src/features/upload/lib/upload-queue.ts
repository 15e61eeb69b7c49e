import type { UploadPolicy } from "../api/upload-policy";

import { checkFile } from "./check-file";
import { inParts } from "./part-size";
import { PAUSED } from "./pause";
import { DEFAULT_POLL, type PollPolicy, runUpload, type UploadDeps } from "./run-upload";
import {
  initialUploadState,
  isFinished,
  startable,
  type UploadAction,
  type UploadItem,
  uploadReducer,
  type UploadState,
} from "./upload-state";

export type UploadQueueOptions = {
  /** Parallel uploads (bytes in flight); processing needs no slot. */
  concurrency?: number;
  poll?: PollPolicy;
};

/**
 * The upload queue as a small external store (subscribe/getSnapshot for useSyncExternalStore): it
 * lives above the router, so uploads carry on while the person browses, and it is free of React
 * lifecycles, so a re-render or StrictMode never starts a file twice.
 */
export class UploadQueue {
  private state: UploadState = initialUploadState;
  private readonly listeners = new Set<() => void>();
  private readonly settledListeners = new Set<(item: UploadItem) => void>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();
  private readonly settled = new Set<string>();
  private nextId = 1;
  private pumping = false;
  private readonly concurrency: number;
  private readonly poll: PollPolicy;

  constructor(
    private readonly deps: UploadDeps,
    options: UploadQueueOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 3;
    this.poll = options.poll ?? DEFAULT_POLL;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): UploadState => this.state;

  /** Calls `listener` once per item when it reaches a final phase (e.g. to refresh the gallery). */
  subscribeSettled(listener: (item: UploadItem) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  /** Checks each file against the policy; the ones that pass are queued, the others explained. */
  addFiles(files: readonly File[], policy: UploadPolicy | null): string[] {
    const items = files.map((file) => {
      const id = `upload-${this.nextId++}`;
      const check = checkFile(file, policy);
      return check.ok
        ? { id, file, contentType: check.contentType }
        : { id, file, contentType: file.type, rejection: { code: check.code, message: check.reason } };
    });
    this.dispatch({ type: "add", items });
    return items.map((item) => item.id);
  }

  cancel(id: string): void {
    const item = this.state.items.find((candidate) => candidate.id === id);
    this.dispatch({ type: "cancel", id });
    const controller = this.controllers.get(id);
    if (controller) controller.abort();
    // A paused upload has no run to tidy up after it: drop its parts here.
    else if (item?.phase === "paused" && item.mediaId) void this.deps.abortUpload(item.mediaId).catch(() => undefined);
  }

  /** Stops an upload in parts: no new part starts and the ones in flight are dropped; storage keeps the rest. */
  pause(id: string): void {
    const before = this.state;
    this.dispatch({ type: "pause", id });
    if (this.state !== before) this.controllers.get(id)?.abort(PAUSED);
  }

  /** Queues a paused upload again; its run sends only the parts storage lacks. */
  resume(id: string): void {
    this.dispatch({ type: "resume", id });
  }

  retry(id: string): void {
    this.settled.delete(id);
    this.dispatch({ type: "retry", id });
  }

  dismiss(id: string): void {
    this.dropKeptUploads(this.state.items.filter((item) => item.id === id));
    this.dispatch({ type: "dismiss", id });
  }

  clearFinished(): void {
    this.dropKeptUploads(this.state.items);
    this.dispatch({ type: "clearFinished" });
  }

  /**
   * A failed upload in parts is kept for Retry; once its row goes, nobody will retry it from here,
   * so its parts and its "waiting for upload" item go too.
   */
  private dropKeptUploads(items: readonly UploadItem[]): void {
    for (const item of items) {
      if (item.phase === "error" && item.mediaId && inParts(item.file.size)) {
        void this.deps.abortUpload(item.mediaId).catch(() => undefined);
      }
    }
  }

  /**
   * Stops every upload and empties the list: the person is signing out (or somebody else signed
   * in), and the next person must not see these files. Resolves once each stopped upload has tidied
   * up (a registration whose bytes never arrived is deleted, while the session still allows it).
   */
  async reset(): Promise<void> {
    for (const controller of this.controllers.values()) controller.abort();
    this.dispatch({ type: "reset" });
    await Promise.allSettled([...this.running]);
  }

  /** Aborts everything in flight (the app is going away). */
  dispose(): void {
    for (const controller of this.controllers.values()) controller.abort();
    this.listeners.clear();
    this.settledListeners.clear();
  }

  private dispatch(action: UploadAction): void {
    const next = uploadReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const item of next.items) {
      if (isFinished(item) && !this.settled.has(item.id)) {
        this.settled.add(item.id);
        for (const listener of this.settledListeners) listener(item);
      }
    }
    for (const listener of this.listeners) listener();
    this.pump();
  }

  /** Starts queued items while slots are free. Not re-entrant: dispatch() calls it again. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (
        let next = startable(this.state, this.concurrency)[0];
        next;
        next = startable(this.state, this.concurrency)[0]
      ) {
        this.dispatch({ type: "start", id: next.id });
        const running = this.run(next);
        this.running.add(running);
        void running.finally(() => this.running.delete(running));
      }
    } finally {
      this.pumping = false;
    }
  }

  private async run(item: UploadItem): Promise<void> {
    const controller = new AbortController();
    this.controllers.set(item.id, controller);
    try {
      await runUpload(
        item.file,
        item.contentType,
        this.deps,
        controller.signal,
        // A stopped run's last words (an XHR's final progress) must not touch the item's next run.
        (event) => {
          if (!controller.signal.aborted) this.dispatch({ type: "event", id: item.id, event });
        },
        this.poll,
      );
    } finally {
      if (this.controllers.get(item.id) === controller) this.controllers.delete(item.id);
    }
  }
}
