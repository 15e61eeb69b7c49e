import type { CognitoCall } from "./cognito";

/** ConfirmSignUp: the code from the sign-up e-mail makes the account usable. */
export async function confirmSignUp(call: CognitoCall, clientId: string, email: string, code: string): Promise<void> {
  await call("ConfirmSignUp", { ClientId: clientId, Username: email, ConfirmationCode: code });
}
