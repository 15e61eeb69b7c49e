/**
 * Unfinished uploads in parts, by file fingerprint: which item's parts to go on sending when the
 * same file is picked again after a reload or a crash, and the part size the server cut it into
 * (createMultipartUpload's answer: a resume cuts the file the same way without knowing the rule).
 * IndexedDB because it outlives the tab and a crash; the raw API wrapped small, as three calls are
 * all it takes.
 */
export type LedgerEntry = { mediaId: string; partSize: number };

export type UploadLedger = {
  find(key: string): Promise<LedgerEntry | null>;
  remember(key: string, entry: LedgerEntry): Promise<void>;
  forget(key: string): Promise<void>;
};

/** What IndexedDB held, if it is an entry (one written before part sizes were kept is not: it starts afresh). */
export function asEntry(value: unknown): LedgerEntry | null {
  if (typeof value !== "object" || value === null) return null;
  const { mediaId, partSize } = value as Record<string, unknown>;
  return typeof mediaId === "string" && typeof partSize === "number" && partSize > 0 ? { mediaId, partSize } : null;
}

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
        return asEntry(await done((await store("readonly")).get(key)));
      } catch {
        return null;
      }
    },
    remember: async (key, entry) => {
      try {
        await done((await store("readwrite")).put({ ...entry }, key));
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
export function memoryLedger(entries = new Map<string, LedgerEntry>()): UploadLedger {
  return {
    find: async (key) => entries.get(key) ?? null,
    remember: async (key, entry) => void entries.set(key, entry),
    forget: async (key) => void entries.delete(key),
  };
}
