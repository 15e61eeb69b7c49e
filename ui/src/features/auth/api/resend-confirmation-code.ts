import type { CodeDeliveryDetails, CognitoCall } from "./cognito";

/** ResendConfirmationCode: a fresh sign-up code, when the first e-mail is lost or its code expired. */
export async function resendConfirmationCode(call: CognitoCall, clientId: string, email: string) {
  const answer = await call<{ CodeDeliveryDetails?: CodeDeliveryDetails }>("ResendConfirmationCode", {
    ClientId: clientId,
    Username: email,
  });
  return answer.CodeDeliveryDetails ?? null;
}
