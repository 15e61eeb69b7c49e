import { type ReactNode, useEffect } from "react";

import { AuthContext } from "../hooks/auth-context";
import type { AuthSession } from "../lib/auth-session";

/** Provides the session and starts it: a kept session is restored, other tabs are followed. */
export function AuthProvider({ session, children }: { session: AuthSession; children: ReactNode }) {
  useEffect(() => {
    session.start();
    return () => session.dispose();
  }, [session]);
  return <AuthContext value={session}>{children}</AuthContext>;
}
