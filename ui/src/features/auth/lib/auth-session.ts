import { GraphQLRequestError, type TokenSource } from "@/lib/graphql-client";

import type { AuthenticationResult } from "../api/cognito";

import type { AuthClient } from "./auth-client";
import { type AuthProblem, authErrorType, describeAuthError } from "./auth-errors";
import { type AuthState, type AuthUser, notSignedIn, SESSION_ENDED, waitForUser } from "./auth-state";
import { readIdToken } from "./jwt";
import type { SessionStore, StoredSession } from "./session-store";

type Tokens = { idToken: string; accessToken: string; refreshToken: string; expiresAt: number };

export type AuthSessionOptions = {
  /** Renew the ID token this long before it expires (Cognito's last an hour). */
  refreshMarginMs?: number;
  now?: () => number;
};

/**
 * The sign-in session as a small external store (subscribe/getSnapshot for useSyncExternalStore),
 * free of React so StrictMode or a re-render never refreshes twice. It is the API client's
 * TokenSource: tokens are renewed ahead of expiry, on demand, and once on a 401, with one refresh in
 * flight however many requests wait for it. A refresh that Cognito refuses ends the session as
 * `expired`, which keeps who it was, so work waiting for the same person (`waitForSignIn`) resumes
 * when they sign in again, and never for somebody else.
 */
export class AuthSession implements TokenSource {
  private state: AuthState = { status: "signedOut", reason: "new", lastUser: null, notice: null };
  private readonly listeners = new Set<() => void>();
  private tokens: Tokens | null = null;
  /** Bumped by every sign-in and sign-out, so a late refresh answer can tell it is stale. */
  private epoch = 0;
  private sessions = 0;
  private refreshing: Promise<string> | null = null;
  private restoring: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopWatching: (() => void) | null = null;
  private readonly margin: number;
  private readonly now: () => number;
  /** The pool's calls that change nothing here: sign-up and its code, a password reset. */
  readonly accounts: Pick<
    AuthClient,
    "signUp" | "confirmSignUp" | "resendConfirmationCode" | "forgotPassword" | "confirmForgotPassword"
  >;

  constructor(
    private readonly client: AuthClient,
    private readonly store: SessionStore,
    options: AuthSessionOptions = {},
  ) {
    this.accounts = client;
    this.margin = options.refreshMarginMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    // A kept session shows as being restored from the first render, never as a flash of the sign-in form.
    if (store.load()) this.state = { status: "restoring" };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AuthState => this.state;

  /** Restores a kept session (once) and follows sign-ins and sign-outs in other tabs. */
  start(): void {
    if (this.stopWatching) return;
    this.stopWatching = this.store.onChange((stored) => this.otherTabChanged(stored));
    const stored = this.store.load();
    if (stored) void this.restore(stored);
  }

  /** Stops the timer and the other-tab watch (subscribers unsubscribe themselves). */
  dispose(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    this.clearTimer();
  }

  /** After `unreachable`: try the kept session again. */
  retryRestore(): void {
    const stored = this.store.load();
    if (stored) void this.restore(stored);
    else this.set({ status: "signedOut", reason: "new", lastUser: null, notice: null });
  }

  // --- the forms' operations ---------------------------------------------------------------------

  async signIn(email: string, password: string): Promise<AuthUser> {
    const result = await this.client.signIn(email, password);
    return this.begin(result, result.RefreshToken, email);
  }

  /** Forgets the session here at once, then revokes it at Cognito (best effort: it may be gone). */
  async signOut(): Promise<void> {
    const tokens = this.tokens ?? this.storedTokens();
    this.finish({ status: "signedOut", reason: "signedOut", lastUser: null, notice: null });
    if (tokens) {
      await this.client
        .revoke({ refreshToken: tokens.refreshToken, accessToken: tokens.accessToken || null })
        .catch(() => undefined);
    }
  }

  // --- TokenSource --------------------------------------------------------------------------------

  async token(): Promise<string> {
    if (this.restoring) await this.restoring;
    if (this.state.status !== "signedIn" || !this.tokens) throw notSignedIn();
    if (this.tokens.expiresAt - this.margin > this.now()) return this.tokens.idToken;
    return this.refresh();
  }

  async renew(rejected: string): Promise<string> {
    if (this.state.status !== "signedIn" || !this.tokens) throw notSignedIn();
    if (this.tokens.idToken !== rejected) return this.tokens.idToken; // another request renewed it already
    return this.refresh();
  }

  end(reason: string): void {
    if (this.state.status === "signedIn") this.expire({ sentence: SESSION_ENDED, detail: reason });
  }

  /**
   * Resolves once the person whose session this is (or was) is signed in; rejects with an AbortError
   * when `signal` aborts, when they sign out, or when somebody else signs in instead.
   */
  waitForSignIn(signal: AbortSignal): Promise<void> {
    return waitForUser(this, this.owner()?.sub ?? null, signal);
  }

  // --- internals ----------------------------------------------------------------------------------

  private set(state: AuthState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  /** Whose session is current, or was until it expired or could not be restored. */
  private owner(): AuthUser | null {
    const state = this.state;
    if (state.status === "signedIn" || state.status === "unreachable") return state.user;
    if (state.status === "signedOut") return state.lastUser;
    const stored = this.store.load();
    return stored ? { sub: stored.sub, email: stored.email } : null;
  }

  private storedTokens(): Tokens | null {
    const stored = this.store.load();
    return stored ? { idToken: "", accessToken: "", refreshToken: stored.refreshToken, expiresAt: 0 } : null;
  }

  private begin(result: AuthenticationResult, refreshToken: string, typedEmail: string): AuthUser {
    const claims = readIdToken(result.IdToken);
    const user = { sub: claims.sub, email: claims.email ?? typedEmail };
    this.epoch += 1;
    this.sessions += 1;
    this.keep(result, refreshToken, user);
    this.set({ status: "signedIn", user, sessionId: this.sessions });
    return user;
  }

  /** Holds the tokens in memory, the refresh token also in storage, and plans the next refresh. */
  private keep(result: AuthenticationResult, refreshToken: string, user: AuthUser): void {
    // ExpiresIn is relative, so a wrong clock here cannot make a fresh token look stale or the reverse.
    const expiresAt = this.now() + result.ExpiresIn * 1000;
    this.tokens = { idToken: result.IdToken, accessToken: result.AccessToken, refreshToken, expiresAt };
    this.store.save({ refreshToken, sub: user.sub, email: user.email });
    this.clearTimer();
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.refresh().catch(() => undefined); // a failure shows on the next request, or ended the session
      },
      Math.max(0, expiresAt - this.margin - this.now()),
    );
  }

  private refresh(): Promise<string> {
    const tokens = this.tokens;
    if (!tokens || this.state.status !== "signedIn") return Promise.reject(notSignedIn());
    const { user } = this.state;
    if (!this.refreshing) {
      const epoch = this.epoch;
      this.refreshing = this.client
        .refresh(tokens.refreshToken)
        .then(
          (result) => {
            if (epoch !== this.epoch) throw notSignedIn();
            this.keep(result, result.RefreshToken ?? tokens.refreshToken, user);
            return result.IdToken;
          },
          (error: unknown) => {
            if (epoch !== this.epoch) throw notSignedIn();
            if (authErrorType(error) === "NETWORK") {
              throw new GraphQLRequestError("Could not reach the sign-in service.", "NETWORK");
            }
            const problem = describeAuthError(error, "refresh");
            this.expire(problem);
            throw notSignedIn(problem.sentence);
          },
        )
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  private async restore(stored: StoredSession): Promise<void> {
    if (this.restoring) return this.restoring;
    const user = { sub: stored.sub, email: stored.email };
    const epoch = ++this.epoch;
    this.set({ status: "restoring" });
    this.restoring = (async () => {
      try {
        const result = await this.client.refresh(stored.refreshToken);
        if (epoch !== this.epoch) return;
        this.sessions += 1;
        this.keep(result, result.RefreshToken ?? stored.refreshToken, user);
        this.set({ status: "signedIn", user, sessionId: this.sessions });
      } catch (error) {
        if (epoch !== this.epoch) return;
        const problem = describeAuthError(error, "refresh");
        if (authErrorType(error) === "NETWORK") {
          this.set({ status: "unreachable", user, message: problem.sentence });
        } else {
          this.store.clear();
          this.set({ status: "signedOut", reason: "expired", lastUser: user, notice: problem });
        }
      } finally {
        this.restoring = null;
      }
    })();
    return this.restoring;
  }

  private expire(notice: AuthProblem): void {
    this.finish({ status: "signedOut", reason: "expired", lastUser: this.owner(), notice });
  }

  private finish(state: AuthState): void {
    this.epoch += 1;
    this.tokens = null;
    this.clearTimer();
    this.store.clear();
    this.set(state);
  }

  private otherTabChanged(stored: StoredSession | null): void {
    const state = this.state;
    if (state.status === "signedIn") {
      // Signed out there (or in as somebody else): this tab follows, and never mixes two people.
      if (!stored || stored.sub !== state.user.sub) {
        this.epoch += 1;
        this.tokens = null;
        this.clearTimer();
        this.set({ status: "signedOut", reason: "signedOut", lastUser: null, notice: null });
        if (stored) void this.restore(stored);
      }
    } else if (stored && state.status === "signedOut") {
      void this.restore(stored); // signed in there: so here too
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
