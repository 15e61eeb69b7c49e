import { createContext, useContext, useSyncExternalStore } from "react";

import type { AuthSession } from "../lib/auth-session";
import type { AuthState } from "../lib/auth-state";

export const AuthContext = createContext<AuthSession | null>(null);

/** The app's one sign-in session (its operations, and the API client's token source). */
export function useAuthSession(): AuthSession {
  const session = useContext(AuthContext);
  if (!session) throw new Error("useAuthSession must be used inside <AuthProvider>.");
  return session;
}

/** Who is signed in, re-rendering on every change. */
export function useAuthState(): AuthState {
  const session = useAuthSession();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
