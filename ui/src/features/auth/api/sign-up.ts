import type { CodeDeliveryDetails, CognitoCall } from "./cognito";

type SignUpAnswer = { UserConfirmed: boolean; UserSub: string; CodeDeliveryDetails?: CodeDeliveryDetails };

/** SignUp: a new, unconfirmed user named by their email; Cognito sends a code to confirm with. */
export async function signUp(call: CognitoCall, clientId: string, email: string, password: string) {
  const answer = await call<SignUpAnswer>("SignUp", {
    ClientId: clientId,
    Username: email,
    Password: password,
    UserAttributes: [{ Name: "email", Value: email }],
  });
  return { confirmed: answer.UserConfirmed, delivery: answer.CodeDeliveryDetails ?? null };
}
