import type { CognitoCall } from "./cognito";

/** ConfirmForgotPassword: the code from the reset e-mail and the new password. */
export async function confirmForgotPassword(
  call: CognitoCall,
  clientId: string,
  email: string,
  code: string,
  password: string,
): Promise<void> {
  await call("ConfirmForgotPassword", {
    ClientId: clientId,
    Username: email,
    ConfirmationCode: code,
    Password: password,
  });
}
