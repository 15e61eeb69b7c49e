import { vi } from "vitest";

import { CognitoError } from "@/features/auth/api/cognito";
import type { AuthClient } from "@/features/auth/lib/auth-client";

/** An unsigned JWT shaped like Cognito's ID token (the browser never checks signatures). */
export function fakeIdToken(claims: { sub: string; email?: string; exp?: number; n?: number }): string {
  const encode = (value: object) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${encode({ alg: "RS256", kid: "test" })}.${encode({ token_use: "id", ...claims })}.sig`;
}

export const ALICE = { sub: "sub-alice", email: "alice@example.com" };
export const BOB = { sub: "sub-bob", email: "bob@example.com" };

/**
 * A user pool in memory: `accounts` by email with their password and sub; every refresh hands out a
 * new numbered ID token; `refreshError` makes the next refreshes fail.
 */
export function fakeAuthClient(accounts: Record<string, { sub: string; password: string; confirmed?: boolean }>) {
  let issued = 0;
  const refreshTokens = new Map<string, string>(); // refresh token -> email
  const control = { refreshError: null as unknown };
  const result = (email: string) => {
    issued += 1;
    const account = accounts[email]!;
    return {
      IdToken: fakeIdToken({ sub: account.sub, email, n: issued }),
      AccessToken: `access-${issued}`,
      ExpiresIn: 3600,
      TokenType: "Bearer",
    };
  };
  const client: AuthClient = {
    signUp: vi.fn(async (email: string, password: string) => {
      if (accounts[email]) throw new CognitoError("User already exists", "UsernameExistsException");
      accounts[email] = { sub: `sub-${email}`, password, confirmed: false };
      return { confirmed: false, delivery: { Destination: "a***@e***", DeliveryMedium: "EMAIL" as const } };
    }),
    confirmSignUp: vi.fn(async (email: string) => {
      const account = accounts[email];
      if (!account) throw new CognitoError("Invalid code", "CodeMismatchException");
      account.confirmed = true;
    }),
    resendConfirmationCode: vi.fn(async () => ({ Destination: "a***@e***", DeliveryMedium: "EMAIL" as const })),
    signIn: vi.fn(async (email: string, password: string) => {
      const account = accounts[email];
      if (!account) throw new CognitoError("User does not exist.", "UserNotFoundException");
      if (account.password !== password)
        throw new CognitoError("Incorrect username or password.", "NotAuthorizedException");
      if (account.confirmed === false) throw new CognitoError("User is not confirmed.", "UserNotConfirmedException");
      const refreshToken = `refresh-${email}-${issued + 1}`;
      refreshTokens.set(refreshToken, email);
      return { ...result(email), RefreshToken: refreshToken };
    }),
    refresh: vi.fn(async (refreshToken: string) => {
      if (control.refreshError) throw control.refreshError;
      const email = refreshTokens.get(refreshToken);
      if (!email) throw new CognitoError("Refresh Token has been revoked", "NotAuthorizedException");
      return result(email);
    }),
    forgotPassword: vi.fn(async (email: string) => {
      if (!accounts[email]) throw new CognitoError("User does not exist.", "UserNotFoundException");
      return { Destination: "a***@e***", DeliveryMedium: "EMAIL" as const };
    }),
    confirmForgotPassword: vi.fn(async (email: string, code: string, password: string) => {
      if (code !== "123456") throw new CognitoError("Invalid verification code provided", "CodeMismatchException");
      accounts[email]!.password = password;
    }),
    revoke: vi.fn(async ({ refreshToken }: { refreshToken: string }) => {
      refreshTokens.delete(refreshToken);
    }),
  };
  return { client, control, refreshTokens };
}
