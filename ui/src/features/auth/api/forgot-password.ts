import type { CodeDeliveryDetails, CognitoCall } from "./cognito";

/** ForgotPassword: Cognito e-mails a code that lets the account's owner choose a new password. */
export async function forgotPassword(call: CognitoCall, clientId: string, email: string) {
  const answer = await call<{ CodeDeliveryDetails?: CodeDeliveryDetails }>("ForgotPassword", {
    ClientId: clientId,
    Username: email,
  });
  return answer.CodeDeliveryDetails ?? null;
}
