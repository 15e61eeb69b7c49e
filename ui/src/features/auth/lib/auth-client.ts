import type { AuthConfig } from "@/config/runtime-config";

import { confirmForgotPassword } from "../api/confirm-forgot-password";
import { confirmSignUp } from "../api/confirm-sign-up";
import { type AuthenticationResult, type CodeDeliveryDetails, cognitoTransport } from "../api/cognito";
import { forgotPassword } from "../api/forgot-password";
import { refreshTokens } from "../api/refresh-tokens";
import { resendConfirmationCode } from "../api/resend-confirmation-code";
import { revokeSession } from "../api/revoke-session";
import { signIn } from "../api/sign-in";
import { signUp } from "../api/sign-up";

/** The user-pool operations the UI makes, bound to one pool and app client (tests fake this). */
export type AuthClient = {
  signUp(email: string, password: string): Promise<{ confirmed: boolean; delivery: CodeDeliveryDetails | null }>;
  confirmSignUp(email: string, code: string): Promise<void>;
  resendConfirmationCode(email: string): Promise<CodeDeliveryDetails | null>;
  signIn(email: string, password: string): Promise<AuthenticationResult & { RefreshToken: string }>;
  refresh(refreshToken: string): Promise<AuthenticationResult>;
  forgotPassword(email: string): Promise<CodeDeliveryDetails | null>;
  confirmForgotPassword(email: string, code: string, password: string): Promise<void>;
  revoke(tokens: { refreshToken: string; accessToken: string | null }): Promise<void>;
};

export function createAuthClient(
  auth: AuthConfig,
  { emulator, fetch: fetchImpl = fetch }: { emulator: boolean; fetch?: typeof fetch },
): AuthClient {
  const call = cognitoTransport(auth.endpoint, fetchImpl);
  const id = auth.userPoolClientId;
  return {
    signUp: (email, password) => signUp(call, id, email, password),
    confirmSignUp: (email, code) => confirmSignUp(call, id, email, code),
    resendConfirmationCode: (email) => resendConfirmationCode(call, id, email),
    signIn: (email, password) => signIn(call, id, email, password),
    refresh: (refreshToken) => refreshTokens(call, id, refreshToken),
    forgotPassword: (email) => forgotPassword(call, id, email),
    confirmForgotPassword: (email, code, password) => confirmForgotPassword(call, id, email, code, password),
    revoke: (tokens) => revokeSession(call, id, tokens, { emulator }),
  };
}
