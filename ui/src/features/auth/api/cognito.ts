/**
 * Cognito's user-pool API as the browser calls it: one JSON POST per operation to the pool's endpoint
 * (`X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`), unsigned, as every public-client
 * operation is. The same calls work on the local emulator (config.json's `auth.endpoint`).
 *
 * Hand-written on purpose. `@aws-sdk/client-cognito-identity-provider` (AWS-maintained) was measured
 * for these operations: imported eagerly it takes the initial JS from 112 KB to 156 KB gzipped, over
 * the 150 KB budget; loaded lazily it is a 45 KB (gzipped) chunk plus a 5 KB helper that every visit
 * with a kept session needs before its first API call, since a reload starts by refreshing the
 * tokens. This wrapper over the eight JSON operations the UI uses is a few hundred bytes; each
 * operation's file types its request and answer from the Cognito API reference.
 */

export const COGNITO_TARGET = "AWSCognitoIdentityProviderService";

/** Codes of our own beside Cognito's exception names (`NotAuthorizedException`, ...). */
export type CognitoErrorType = string;

export class CognitoError extends Error {
  override name = "CognitoError";
  constructor(
    message: string,
    /** Cognito's exception name without its namespace (`NotAuthorizedException`), or NETWORK / BAD_RESPONSE. */
    readonly type: CognitoErrorType,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** One operation: its name and JSON body in, its JSON answer out; failures are CognitoError. */
export type CognitoCall = <TAnswer>(operation: string, body: Record<string, unknown>) => Promise<TAnswer>;

/** `com.amazonaws...#NotAuthorizedException` or `NotAuthorizedException:` -> `NotAuthorizedException`. */
export function exceptionName(raw: string): string {
  return raw.split("#").pop()!.split(":")[0]!.trim();
}

export function cognitoTransport(endpoint: string, fetchImpl: typeof fetch = fetch): CognitoCall {
  return async function call<TAnswer>(operation: string, body: Record<string, unknown>): Promise<TAnswer> {
    let response: Response;
    try {
      response = await fetchImpl(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `${COGNITO_TARGET}.${operation}`,
        },
        body: JSON.stringify(body),
        // Tokens and passwords only: nothing for a shared cache to keep.
        cache: "no-store",
      });
    } catch {
      throw new CognitoError("Could not reach the sign-in service.", "NETWORK");
    }
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      throw new CognitoError(`The sign-in service answered ${response.status}.`, "BAD_RESPONSE", response.status);
    }
    if (!response.ok) {
      const fault = (answer ?? {}) as { __type?: unknown; message?: unknown; Message?: unknown };
      const type = typeof fault.__type === "string" ? exceptionName(fault.__type) : "BAD_RESPONSE";
      const message = typeof fault.message === "string" ? fault.message : String(fault.Message ?? "");
      throw new CognitoError(message || `The sign-in service answered ${response.status}.`, type, response.status);
    }
    return answer as TAnswer;
  };
}

/** Where Cognito says it sent a code (`a***@e***.com` by EMAIL); absent when it sent none. */
export type CodeDeliveryDetails = { Destination?: string; DeliveryMedium?: "EMAIL" | "SMS"; AttributeName?: string };

/** InitiateAuth's result when no challenge is left. RefreshToken only comes with a password sign-in. */
export type AuthenticationResult = {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: string;
};
