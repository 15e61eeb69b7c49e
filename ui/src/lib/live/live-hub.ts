import type { LiveMedia } from "./live-media";

/** Where the socket is: opening (or reopening after a drop), open, or off (no realtimeUrl, signed out). */
export type LiveState = "connecting" | "open" | "off";

type Listener = (item: LiveMedia) => void;

/** The newest push of this many items is kept, for a waiter that starts listening after it came. */
const REMEMBERED = 500;

/**
 * The one place pushes arrive and the connection's state is known, shared by the gallery, the
 * detail page and the upload queue. Polling is for when it is not `open`; a reopening after a drop
 * calls the `reopened` listeners, who catch up on what the gap missed.
 */
export class LiveHub {
  private state: LiveState = "off";
  private readonly items = new Set<Listener>();
  private readonly states = new Set<() => void>();
  private readonly reopens = new Set<() => void>();
  private wasOpen = false;
  private readonly latest = new Map<string, LiveMedia>();

  getState = (): LiveState => this.state;

  isOpen(): boolean {
    return this.state === "open";
  }

  setState(next: LiveState): void {
    if (next === this.state) return;
    this.state = next;
    if (next === "open") {
      if (this.wasOpen) this.reopens.forEach((listener) => listener());
      this.wasOpen = true;
    }
    this.states.forEach((listener) => listener());
  }

  push(item: LiveMedia): void {
    this.latest.delete(item.id);
    this.latest.set(item.id, item);
    if (this.latest.size > REMEMBERED) this.latest.delete(this.latest.keys().next().value as string);
    this.items.forEach((listener) => listener(item));
  }

  onItem(listener: Listener): () => void {
    this.items.add(listener);
    return () => this.items.delete(listener);
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.states.add(listener);
    return () => this.states.delete(listener);
  };

  onReopen(listener: () => void): () => void {
    this.reopens.add(listener);
    return () => this.reopens.delete(listener);
  }

  /**
   * The next push for `id` newer than `after` (an updatedAt: one that came before the caller
   * listened counts) while the socket is open; undefined when it is not open (after `fallbackMs`,
   * the caller's poll interval) or stops being open: the caller then asks the API.
   */
  next(id: string, fallbackMs: number, after: string | undefined, signal: AbortSignal): Promise<LiveMedia | undefined> {
    const seen = this.latest.get(id);
    if (seen && this.isOpen() && (after === undefined || seen.updatedAt > after)) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const cleanups: (() => void)[] = [];
      const done = (value: LiveMedia | undefined) => {
        cleanups.forEach((cleanup) => cleanup());
        resolve(value);
      };
      const onAbort = () => {
        cleanups.forEach((cleanup) => cleanup());
        reject(new DOMException("Aborted", "AbortError"));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener("abort", onAbort));
      if (!this.isOpen()) {
        const timer = setTimeout(() => done(undefined), fallbackMs);
        cleanups.push(() => clearTimeout(timer));
        return undefined;
      }
      cleanups.push(
        this.onItem((item) => item.id === id && (after === undefined || item.updatedAt > after) && done(item)),
      );
      cleanups.push(this.subscribe(() => !this.isOpen() && done(undefined)));
      return undefined;
    });
  }
}
