import { describe, expect, it, vi } from "vitest";

import { CognitoError, cognitoTransport, exceptionName } from "./cognito";
import { revokeSession } from "./revoke-session";
import { signIn } from "./sign-in";

describe("cognitoTransport", () => {
  it("posts Cognito's JSON protocol: the target header names the operation", async () => {
    const fetchImpl = vi.fn(async () => Response.json({ UserSub: "s", UserConfirmed: false }));
    const call = cognitoTransport("http://127.0.0.1:5000/", fetchImpl);
    await call("SignUp", { ClientId: "c", Username: "a@example.com" });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("http://127.0.0.1:5000/");
    expect(init.method).toBe("POST");
    expect(init.headers).toEqual({
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.SignUp",
    });
    expect(JSON.parse(init.body as string)).toEqual({ ClientId: "c", Username: "a@example.com" });
  });

  it("turns Cognito's error answer into a CognitoError named by its exception", async () => {
    const fetchImpl = vi.fn(async () =>
      Response.json(
        { __type: "com.amazonaws.cognito#NotAuthorizedException", message: "Incorrect username or password." },
        { status: 400 },
      ),
    );
    const error = await cognitoTransport("http://x/", fetchImpl)("InitiateAuth", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoError);
    expect(error).toMatchObject({
      type: "NotAuthorizedException",
      message: "Incorrect username or password.",
      status: 400,
    });
  });

  it("reports an unreachable pool as NETWORK and a non-JSON answer as BAD_RESPONSE", async () => {
    const down = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(cognitoTransport("http://x/", down)("SignUp", {})).rejects.toMatchObject({ type: "NETWORK" });
    const html = vi.fn(async () => new Response("<h1>500</h1>", { status: 500 }));
    await expect(cognitoTransport("http://x/", html)("SignUp", {})).rejects.toMatchObject({
      type: "BAD_RESPONSE",
      status: 500,
    });
  });

  it.each([
    ["NotAuthorizedException", "NotAuthorizedException"],
    ["com.amazonaws.cognito.identity.idp.model#UserNotFoundException", "UserNotFoundException"],
    ["CodeMismatchException:http://internal.amazon.com/", "CodeMismatchException"],
  ])("reads the exception name in %s", (raw, name) => {
    expect(exceptionName(raw)).toBe(name);
  });
});

describe("operations", () => {
  it("signs in with USER_PASSWORD_AUTH and refuses a challenge it cannot answer", async () => {
    const call = vi.fn(async () => ({ ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s" }));
    await expect(signIn(call as never, "client", "a@example.com", "pw")).rejects.toMatchObject({ type: "CHALLENGE" });
    expect(call).toHaveBeenCalledWith("InitiateAuth", {
      ClientId: "client",
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "a@example.com", PASSWORD: "pw" },
    });
  });

  it("revokes the refresh token in AWS, and signs the user out globally on the emulator (no RevokeToken there)", async () => {
    const call = vi.fn(async () => ({}));
    const tokens = { refreshToken: "r", accessToken: "a" };
    await revokeSession(call as never, "client", tokens, { emulator: false });
    await revokeSession(call as never, "client", tokens, { emulator: true });
    expect(call.mock.calls).toEqual([
      ["RevokeToken", { ClientId: "client", Token: "r" }],
      ["GlobalSignOut", { AccessToken: "a" }],
    ]);
  });
});
