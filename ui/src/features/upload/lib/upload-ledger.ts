/**
 * Unfinished uploads in parts, by file fingerprint: which item's parts to go on sending when the
 * same file is picked again after a reload or a crash. IndexedDB because it outlives the tab and a
 * crash; the raw API wrapped small, as three calls are all it takes.
 */
export type UploadLedger = {
  find(key: string): Promise<string | null>;
  remember(key: string, mediaId: string): Promise<void>;
  forget(key: string): Promise<void>;
};

const DB = "media-pipeline-uploads";
const STORE = "multipart";

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
  });
}

/** The browser's ledger; every call fails soft (private modes may refuse IndexedDB): no resume, no harm. */
export function indexedDbLedger(factory: IDBFactory | undefined = globalThis.indexedDB): UploadLedger {
  let db: Promise<IDBDatabase> | null = null;
  const open = () => {
    if (!factory) return Promise.reject(new Error("no IndexedDB"));
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error("IndexedDB open failed"));
    });
    return db;
  };
  const store = async (mode: IDBTransactionMode) => (await open()).transaction(STORE, mode).objectStore(STORE);
  return {
    find: async (key) => {
      try {
        const value: unknown = await done((await store("readonly")).get(key));
        return typeof value === "string" ? value : null;
      } catch {
        return null;
      }
    },
    remember: async (key, mediaId) => {
      try {
        await done((await store("readwrite")).put(mediaId, key));
      } catch {
        // not remembered: this upload cannot resume after a reload, and goes on now all the same
      }
    },
    forget: async (key) => {
      try {
        await done((await store("readwrite")).delete(key));
      } catch {
        // a stale entry is harmless: its item is found gone or finished, and the file starts afresh
      }
    },
  };
}

/** A ledger in memory, for tests and for browsers without IndexedDB. */
export function memoryLedger(entries = new Map<string, string>()): UploadLedger {
  return {
    find: async (key) => entries.get(key) ?? null,
    remember: async (key, mediaId) => void entries.set(key, mediaId),
    forget: async (key) => void entries.delete(key),
  };
}
