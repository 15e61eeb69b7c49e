import { GraphQLRequestError } from "@/lib/graphql-client";

import type { AuthProblem } from "./auth-errors";

export type AuthUser = { sub: string; email: string };

/**
 * - `restoring`: a kept session is being renewed after a reload
 * - `unreachable`: a kept session could not be renewed because the user pool could not be reached
 * - `signedOut`: `new` (nobody was signed in), `signedOut` (the person signed out, here or in another
 *   tab), `expired` (the session could not be renewed: sign in again to carry on)
 * - `signedIn`: `sessionId` changes with every sign-in (not with a refresh), so views can start afresh
 */
export type AuthState =
  | { status: "restoring" }
  | { status: "unreachable"; user: AuthUser; message: string }
  | {
      status: "signedOut";
      reason: "new" | "signedOut" | "expired";
      lastUser: AuthUser | null;
      notice: AuthProblem | null;
    }
  | { status: "signedIn"; user: AuthUser; sessionId: number };

export const SESSION_ENDED = "Your session has ended. Sign in again to carry on.";

/** A request needs a sign-in that is not there (any more). */
export function notSignedIn(message = "Sign in to continue."): GraphQLRequestError {
  return new GraphQLRequestError(message, "UNAUTHENTICATED", 401);
}

/**
 * Resolves once `owner` (or anybody, when null) is signed in; rejects with an AbortError when
 * `signal` aborts, when the person signs out, or when somebody else signs in instead.
 */
export function waitForUser(
  session: { subscribe(listener: () => void): () => void; getSnapshot(): AuthState },
  owner: string | null,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      unsubscribe();
      signal.removeEventListener("abort", onAbort);
    };
    const check = () => {
      const state = session.getSnapshot();
      if (state.status === "signedIn") {
        stop();
        if (owner === null || state.user.sub === owner) resolve();
        else reject(new DOMException("Somebody else signed in.", "AbortError"));
      } else if (state.status === "signedOut" && state.reason === "signedOut") {
        stop();
        reject(new DOMException("Signed out.", "AbortError"));
      }
    };
    const onAbort = () => {
      stop();
      reject(new DOMException("Aborted", "AbortError"));
    };
    const unsubscribe = session.subscribe(check);
    signal.addEventListener("abort", onAbort);
    if (signal.aborted) onAbort();
    else check();
  });
}
