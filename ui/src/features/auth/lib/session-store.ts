/**
 * Where a session outlives a reload: the refresh token (with whose it is) in localStorage, one key
 * per app client. ID and access tokens never go there (see docs/ui.md, "Where the tokens live").
 */
export type StoredSession = { refreshToken: string; sub: string; email: string };

export type SessionStore = {
  load(): StoredSession | null;
  save(session: StoredSession): void;
  clear(): void;
  /** Another tab of this app signed in or out. */
  onChange(listener: (session: StoredSession | null) => void): () => void;
};

function parse(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof value.refreshToken === "string" && typeof value.sub === "string" && typeof value.email === "string") {
      return { refreshToken: value.refreshToken, sub: value.sub, email: value.email };
    }
  } catch {
    // not ours, or damaged: as good as none
  }
  return null;
}

export function sessionKey(clientId: string): string {
  return `mediapipe.session.${clientId}`;
}

/** localStorage, quietly a no-op where the browser refuses storage (some private modes). */
export function localSessionStore(clientId: string, storage: Storage = window.localStorage): SessionStore {
  const key = sessionKey(clientId);
  const attempt = (action: () => void) => {
    try {
      action();
    } catch {
      // storage full or forbidden: the session then lasts as long as the tab
    }
  };
  return {
    load() {
      try {
        return parse(storage.getItem(key));
      } catch {
        return null;
      }
    },
    save(session) {
      attempt(() => storage.setItem(key, JSON.stringify(session)));
    },
    clear() {
      attempt(() => storage.removeItem(key));
    },
    onChange(listener) {
      const onStorage = (event: StorageEvent) => {
        if (event.key === key || event.key === null) listener(parse(event.newValue));
      };
      window.addEventListener("storage", onStorage);
      return () => window.removeEventListener("storage", onStorage);
    },
  };
}

/** For tests: the same contract in memory, with `simulateOtherTab` standing in for the storage event. */
export function memorySessionStore(initial: StoredSession | null = null) {
  let value = initial;
  const listeners = new Set<(session: StoredSession | null) => void>();
  const store: SessionStore = {
    load: () => value,
    save: (session) => {
      value = session;
    },
    clear: () => {
      value = null;
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    store,
    current: () => value,
    simulateOtherTab(session: StoredSession | null) {
      value = session;
      for (const listener of listeners) listener(session);
    },
  };
}
