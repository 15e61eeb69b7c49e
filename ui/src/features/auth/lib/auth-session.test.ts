import { afterEach, describe, expect, it, vi } from "vitest";

import { ALICE, BOB, fakeAuthClient } from "@/testing/auth-fakes";
import { flush } from "@/testing/upload-fakes";

import { CognitoError } from "../api/cognito";

import { AuthSession } from "./auth-session";
import { readIdToken } from "./jwt";
import { memorySessionStore } from "./session-store";

const PASSWORD = "Sunny2026";

function setup({ stored = null as Parameters<typeof memorySessionStore>[0] } = {}) {
  const pool = fakeAuthClient({
    [ALICE.email]: { sub: ALICE.sub, password: PASSWORD },
    [BOB.email]: { sub: BOB.sub, password: PASSWORD },
  });
  const storage = memorySessionStore(stored);
  let clock = 1_000_000;
  const session = new AuthSession(pool.client, storage.store, { now: () => clock, refreshMarginMs: 300_000 });
  return {
    ...pool,
    storage,
    session,
    advance(ms: number) {
      clock += ms;
      vi.advanceTimersByTime(ms);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("AuthSession", () => {
  it("starts signed out without a kept session, and sends no request while signed out", async () => {
    const { session, client } = setup();
    session.start();
    expect(session.getSnapshot()).toEqual({ status: "signedOut", reason: "new", lastUser: null, notice: null });
    await expect(session.token()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(client.refresh).not.toHaveBeenCalled();
  });

  it("signs in, keeps only the refresh token (and whose it is) in storage, and hands out the ID token", async () => {
    const { session, storage } = setup();
    session.start();
    await session.signIn(ALICE.email, PASSWORD);
    expect(session.getSnapshot()).toEqual({ status: "signedIn", user: ALICE, sessionId: 1 });
    expect(storage.current()).toEqual({ refreshToken: expect.stringMatching(/^refresh-/), ...ALICE });
    expect(JSON.stringify(storage.current())).not.toMatch(/access-|eyJ/);
    expect(readIdToken(await session.token()).sub).toBe(ALICE.sub);
  });

  it("restores a kept session after a reload with one refresh", async () => {
    const first = setup();
    await first.session.signIn(ALICE.email, PASSWORD);
    const kept = first.storage.current();

    const reloaded = new AuthSession(first.client, memorySessionStore(kept).store);
    expect(reloaded.getSnapshot()).toEqual({ status: "restoring" }); // never a flash of the sign-in form
    reloaded.start();
    const token = await reloaded.token(); // waits for the restore
    expect(reloaded.getSnapshot()).toMatchObject({ status: "signedIn", user: ALICE });
    expect(readIdToken(token).sub).toBe(ALICE.sub);
    expect(first.client.refresh).toHaveBeenCalledTimes(1);
  });

  it("a kept session Cognito refuses ends as expired, forgotten, with who it was", async () => {
    const { session, storage, client } = setup({ stored: { refreshToken: "revoked", ...ALICE } });
    session.start();
    await flush();
    expect(client.refresh).toHaveBeenCalledWith("revoked");
    expect(session.getSnapshot()).toMatchObject({
      status: "signedOut",
      reason: "expired",
      lastUser: ALICE,
      notice: { sentence: "Your session has ended. Sign in again to carry on." },
    });
    expect(storage.current()).toBeNull();
  });

  it("an unreachable pool keeps the session to try again", async () => {
    const { session, storage, control, refreshTokens } = setup({ stored: { refreshToken: "r1", ...ALICE } });
    refreshTokens.set("r1", ALICE.email);
    control.refreshError = new CognitoError("Could not reach the sign-in service.", "NETWORK");
    session.start();
    await flush();
    expect(session.getSnapshot()).toMatchObject({ status: "unreachable", user: ALICE });
    expect(storage.current()).not.toBeNull();

    control.refreshError = null;
    session.retryRestore();
    await flush();
    expect(session.getSnapshot()).toMatchObject({ status: "signedIn", user: ALICE });
  });

  it("refreshes ahead of expiry, on a timer, and on demand once the token is near its end", async () => {
    vi.useFakeTimers();
    const t = setup();
    await t.session.signIn(ALICE.email, PASSWORD);
    const first = await t.session.token();

    t.advance(3600_000 - 300_000 - 1);
    expect(t.client.refresh).not.toHaveBeenCalled();
    t.advance(1); // 5 minutes before the hour: the timer renews
    await flush();
    expect(t.client.refresh).toHaveBeenCalledTimes(1);
    const second = await t.session.token();
    expect(second).not.toBe(first);

    // A tab that slept through its timer renews on the next request instead.
    vi.clearAllTimers();
    t.advance(3600_000);
    const third = await t.session.token();
    expect(t.client.refresh).toHaveBeenCalledTimes(2);
    expect(third).not.toBe(second);
  });

  it("on 401s, many requests share one refresh; a token already renewed is not renewed again", async () => {
    const { session, client } = setup();
    await session.signIn(ALICE.email, PASSWORD);
    const rejected = await session.token();
    const renewed = await Promise.all([session.renew(rejected), session.renew(rejected), session.renew(rejected)]);
    expect(new Set(renewed).size).toBe(1);
    expect(client.refresh).toHaveBeenCalledTimes(1);
    expect(await session.renew(rejected)).toBe(renewed[0]);
    expect(client.refresh).toHaveBeenCalledTimes(1);
  });

  it("a refused refresh ends the session; end() after a refused retry does too", async () => {
    const { session, control, storage } = setup();
    await session.signIn(ALICE.email, PASSWORD);
    control.refreshError = new CognitoError("Refresh Token has expired", "NotAuthorizedException");
    await expect(session.renew(await session.token())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(session.getSnapshot()).toMatchObject({ status: "signedOut", reason: "expired", lastUser: ALICE });
    expect(storage.current()).toBeNull();

    control.refreshError = null;
    await session.signIn(ALICE.email, PASSWORD);
    session.end("The token has expired; sign in again or refresh it.");
    expect(session.getSnapshot()).toMatchObject({
      status: "signedOut",
      reason: "expired",
      notice: { detail: "The token has expired; sign in again or refresh it." },
    });
  });

  it("signs out here at once, revokes at Cognito, and a late refresh cannot bring the session back", async () => {
    const { session, client, storage } = setup();
    await session.signIn(ALICE.email, PASSWORD);
    const refreshing = session.renew(await session.token());
    await session.signOut();
    expect(session.getSnapshot()).toEqual({ status: "signedOut", reason: "signedOut", lastUser: null, notice: null });
    expect(storage.current()).toBeNull();
    expect(client.revoke).toHaveBeenCalledWith({
      refreshToken: expect.stringMatching(/^refresh-/),
      accessToken: "access-1",
    });
    await expect(refreshing).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(session.getSnapshot().status).toBe("signedOut");
  });

  describe("waitForSignIn", () => {
    async function expired() {
      const t = setup();
      await t.session.signIn(ALICE.email, PASSWORD);
      t.session.end("expired");
      return t;
    }

    it("resolves when the same person signs in again", async () => {
      const { session } = await expired();
      const wait = session.waitForSignIn(new AbortController().signal);
      await session.signIn(ALICE.email, PASSWORD);
      await expect(wait).resolves.toBeUndefined();
    });

    it("gives up when somebody else signs in, so their session never carries another's work", async () => {
      const { session } = await expired();
      const wait = session.waitForSignIn(new AbortController().signal);
      await session.signIn(BOB.email, PASSWORD);
      await expect(wait).rejects.toMatchObject({ name: "AbortError" });
    });

    it("gives up on a sign-out or an abort", async () => {
      const { session } = await expired();
      const controller = new AbortController();
      const aborted = session.waitForSignIn(controller.signal);
      controller.abort();
      await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
      const signedOut = session.waitForSignIn(new AbortController().signal);
      await session.signOut();
      await expect(signedOut).rejects.toMatchObject({ name: "AbortError" });
    });
  });

  it("follows other tabs: a sign-out there signs out here; a sign-in there is restored here", async () => {
    const { session, storage, refreshTokens } = setup();
    session.start();
    await session.signIn(ALICE.email, PASSWORD);
    storage.simulateOtherTab(null);
    expect(session.getSnapshot()).toMatchObject({ status: "signedOut", reason: "signedOut" });

    refreshTokens.set("bob-r", BOB.email);
    storage.simulateOtherTab({ refreshToken: "bob-r", ...BOB });
    await flush();
    expect(session.getSnapshot()).toMatchObject({ status: "signedIn", user: BOB });
  });
});
