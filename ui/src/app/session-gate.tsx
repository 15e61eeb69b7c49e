import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";

import { Alert } from "@/components/alert";
import { Spinner } from "@/components/spinner";
import { isLocalStack } from "@/config/runtime-config";
import { AuthScreen } from "@/features/auth/components/auth-screen";
import { LiveCacheSync } from "@/features/live/components/live-provider";
import { useLiveHub } from "@/lib/live/live-context";
import { useAuthState } from "@/features/auth/hooks/auth-context";
import { useUploadQueue } from "@/features/upload/hooks/upload-queue-context";
import { summarize } from "@/features/upload/lib/upload-state";
import { useApi } from "@/lib/api-context";
import { errorCodeOf } from "@/lib/graphql-client";
import { queryKeys } from "@/lib/query-keys";

function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // A query refused for want of a sign-in is not retried: the session has ended, the gate shows the form.
      queries: { retry: (count, error) => count < 1 && errorCodeOf(error) !== "UNAUTHENTICATED", staleTime: 5_000 },
      mutations: { retry: 0 },
    },
  });
}

/** A finished upload changes what the gallery shows (live updates bring that, while open), and what the person stores. */
function RefreshGalleryOnUpload({ client }: { client: QueryClient }) {
  const { queue } = useUploadQueue();
  const live = useLiveHub();
  useEffect(
    () =>
      queue.subscribeSettled(() => {
        if (!live.isOpen()) void client.invalidateQueries({ queryKey: queryKeys.mediaList });
        void client.invalidateQueries({ queryKey: queryKeys.usage });
      }),
    [queue, client, live],
  );
  return null;
}

/**
 * One sign-in's views, with a query cache of their own: created when the person signs in, cleared
 * when the session ends, so nothing one person saw is ever shown to the next.
 */
function SignedInScope({ children }: { children: ReactNode }) {
  const [client] = useState(newQueryClient);
  useEffect(() => () => client.clear(), [client]);
  return (
    <QueryClientProvider client={client}>
      <RefreshGalleryOnUpload client={client} />
      <LiveCacheSync />
      {children}
    </QueryClientProvider>
  );
}

/** Uploads of the person whose session ended wait for them; the sign-in form says so. */
function WaitingUploads({ email }: { email: string }) {
  const { state } = useUploadQueue();
  const waiting = summarize(state).inFlight;
  if (waiting === 0) return null;
  const files = waiting === 1 ? "1 upload is" : `${waiting} uploads are`;
  return (
    <Alert tone="info" title={`${files} waiting for you.`}>
      Sign in again as {email} and {waiting === 1 ? "it carries" : "they carry"} on where{" "}
      {waiting === 1 ? "it" : "they"} stopped; files already being sent keep going meanwhile.
    </Alert>
  );
}

/** Signed in: the app (keyed by the sign-in, so it starts afresh). Otherwise: the sign-in screens. */
export function SessionGate({ children }: { children: ReactNode }) {
  const state = useAuthState();
  const { config } = useApi();
  if (state.status === "restoring") {
    return (
      <div className="py-16 text-center">
        <Spinner label="Signing you in…" />
      </div>
    );
  }
  if (state.status === "signedIn") return <SignedInScope key={state.sessionId}>{children}</SignedInScope>;
  const email = state.status === "signedOut" ? state.lastUser?.email : state.user.email;
  return <AuthScreen emulator={isLocalStack(config)} aside={email ? <WaitingUploads email={email} /> : null} />;
}
