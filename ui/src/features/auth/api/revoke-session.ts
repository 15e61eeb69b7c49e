import type { CognitoCall } from "./cognito";

/**
 * Sign-out on the server: RevokeToken makes the refresh token (and the tokens issued from it) stop
 * working. The local emulator has no RevokeToken (moto answers 500); there the nearest operation
 * it has, GlobalSignOut with the access token, does the same for the user.
 */
export async function revokeSession(
  call: CognitoCall,
  clientId: string,
  tokens: { refreshToken: string; accessToken: string | null },
  { emulator }: { emulator: boolean },
): Promise<void> {
  if (emulator) {
    if (tokens.accessToken) await call("GlobalSignOut", { AccessToken: tokens.accessToken });
    return;
  }
  await call("RevokeToken", { ClientId: clientId, Token: tokens.refreshToken });
}
