import { readFileSync } from "node:fs";

import { expect, type Page } from "@playwright/test";

/** What global-setup's stack wrote about itself (see app/local/stack.py `_write_state`). */
export type StackState = {
  url: string;
  awsEndpoint: string;
  uploadsBucket: string;
  tableName: string;
  userPoolId: string;
  uiClientId: string;
  cliClientId: string;
  apiKeys: string[];
  demoUser: { email: string; password: string };
};

export type Account = { email: string; password: string };

export function stackState(): StackState | null {
  const file = process.env.E2E_STATE_FILE;
  return file ? (JSON.parse(readFileSync(file, "utf8")) as StackState) : null;
}

/** The stack's demo user: from its state file, or E2E_DEMO_EMAIL / E2E_DEMO_PASSWORD for a stack started by hand. */
export function demoUser(): Account {
  const state = stackState();
  if (state) return state.demoUser;
  const email = process.env.E2E_DEMO_EMAIL;
  const password = process.env.E2E_DEMO_PASSWORD;
  if (!email || !password) throw new Error("no E2E_STATE_FILE, nor E2E_DEMO_EMAIL and E2E_DEMO_PASSWORD");
  return { email, password };
}

/** A new address each call, so every run signs up people nobody has seen. */
export function freshEmail(label: string): string {
  return `e2e-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

/** Signs in through the real form, as a person does, and waits for the header to name them. */
export async function signInThroughForm(page: Page, account: Account): Promise<void> {
  const form = page.getByRole("form", { name: "Sign in" });
  await expect(form).toBeVisible();
  await form.getByLabel("Email address").fill(account.email);
  await form.getByLabel("Password", { exact: true }).fill(account.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${account.email}`);
}

/** One call of Cognito's JSON API on the stack's emulator, as the UI makes them. */
export async function cognito<T>(operation: string, body: object): Promise<T> {
  const state = stackState();
  if (!state) throw new Error("E2E_STATE_FILE is not set");
  const response = await fetch(state.awsEndpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify({ ClientId: state.uiClientId, ...body }),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`${operation} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** An ID token for `account`, signed in through Cognito directly (for API calls made beside the UI). */
export async function idToken(account: Account): Promise<string> {
  const answer = await cognito<{ AuthenticationResult: { IdToken: string } }>("InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    AuthParameters: { USERNAME: account.email, PASSWORD: account.password },
  });
  return answer.AuthenticationResult.IdToken;
}

/** The `sub` of an ID token: the owner of everything its holder creates. */
export function subOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { sub: string };
  return payload.sub;
}
