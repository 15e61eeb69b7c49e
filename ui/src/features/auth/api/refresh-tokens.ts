import type { AuthenticationResult, CognitoCall } from "./cognito";

/**
 * InitiateAuth with REFRESH_TOKEN_AUTH: new ID and access tokens from the refresh token. A new
 * refresh token comes back only where the pool rotates them.
 */
export async function refreshTokens(
  call: CognitoCall,
  clientId: string,
  refreshToken: string,
): Promise<AuthenticationResult> {
  const answer = await call<{ AuthenticationResult: AuthenticationResult }>("InitiateAuth", {
    ClientId: clientId,
    AuthFlow: "REFRESH_TOKEN_AUTH",
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  return answer.AuthenticationResult;
}
