import { type AuthenticationResult, type CognitoCall, CognitoError } from "./cognito";

type InitiateAuthAnswer = { AuthenticationResult?: AuthenticationResult; ChallengeName?: string };

/**
 * InitiateAuth with USER_PASSWORD_AUTH: the password goes to Cognito over TLS (the app client allows
 * this flow; SRP would need big-number maths in the bundle for no gain against Cognito itself).
 */
export async function signIn(
  call: CognitoCall,
  clientId: string,
  email: string,
  password: string,
): Promise<AuthenticationResult & { RefreshToken: string }> {
  const answer = await call<InitiateAuthAnswer>("InitiateAuth", {
    ClientId: clientId,
    AuthFlow: "USER_PASSWORD_AUTH",
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  const result = answer.AuthenticationResult;
  if (!result?.RefreshToken) {
    // A challenge (a new password, MFA): the pool this UI is made for asks for none.
    throw new CognitoError(`The sign-in asks for ${answer.ChallengeName ?? "a step"} this app can't do.`, "CHALLENGE");
  }
  return { ...result, RefreshToken: result.RefreshToken };
}
