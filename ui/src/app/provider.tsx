import { type ReactNode, useContext, useEffect, useMemo, useState, useSyncExternalStore } from "react";

import { isLocalStack, type RuntimeConfig } from "@/config/runtime-config";
import { AuthProvider } from "@/features/auth/components/auth-provider";
import { createAuthClient } from "@/features/auth/lib/auth-client";
import { AuthSession } from "@/features/auth/lib/auth-session";
import { localSessionStore } from "@/features/auth/lib/session-store";
import { LiveProvider } from "@/features/live/components/live-provider";
import { UploadQueueProvider } from "@/features/upload/components/upload-queue-provider";
import { UploadQueueContext } from "@/features/upload/hooks/upload-queue-context";
import { type Api, ApiContext } from "@/lib/api-context";
import { createRequest } from "@/lib/graphql-client";

function createSession(config: RuntimeConfig): AuthSession {
  const client = createAuthClient(config.auth, { emulator: isLocalStack(config) });
  return new AuthSession(client, localSessionStore(config.auth.userPoolClientId));
}

/**
 * The upload queue outlives an ended session (the same person signs in again and it carries on),
 * but belongs to one person: a sign-out, or somebody else signing in, empties it.
 */
function UploadsFollowTheSession({ session }: { session: AuthSession }) {
  const queue = useContext(UploadQueueContext);
  useEffect(() => {
    if (!queue) return undefined;
    const first = session.getSnapshot();
    let owner = first.status === "signedIn" ? first.user.sub : null;
    return session.subscribe(() => {
      const state = session.getSnapshot();
      if (state.status === "signedIn") {
        if (owner !== null && owner !== state.user.sub) void queue.reset();
        owner = state.user.sub;
      } else if (state.status === "signedOut" && state.reason === "signedOut") {
        void queue.reset();
        owner = null;
      }
    });
  }, [session, queue]);
  return null;
}

/**
 * Wires the runtime config into the sign-in session, the API client (which takes its tokens from the
 * session), live updates (open while someone is signed in) and the upload queue. The query cache is per sign-in: see SessionGate.
 */
export function AppProvider({
  config,
  session: injected,
  children,
}: {
  config: RuntimeConfig;
  /** Tests inject a session with a fake user pool. */
  session?: AuthSession;
  children: ReactNode;
}) {
  const [session] = useState(() => injected ?? createSession(config));
  const api = useMemo<Api>(
    () => ({
      config,
      request: createRequest({ apiUrl: config.apiUrl, apiKey: config.apiKey, auth: session }),
      waitForSignIn: (signal) => session.waitForSignIn(signal),
    }),
    [config, session],
  );

  const signedIn = useSyncExternalStore(session.subscribe, () => session.getSnapshot().status === "signedIn");

  return (
    <AuthProvider session={session}>
      <ApiContext value={api}>
        <LiveProvider url={config.realtimeUrl} auth={session} active={signedIn}>
          <UploadQueueProvider>
            <UploadsFollowTheSession session={session} />
            {children}
          </UploadQueueProvider>
        </LiveProvider>
      </ApiContext>
    </AuthProvider>
  );
}
