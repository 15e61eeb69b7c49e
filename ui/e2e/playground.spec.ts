import type { Locator } from "@playwright/test";

import { demoUser, idToken } from "./accounts";
import { expect, screenshot, test } from "./fixtures";
import { stateFile } from "./stack";

/**
 * Replaces a Monaco editor's text by pasting, as a person would: typed, Monaco would close each
 * bracket and quote itself and the JSON would come out doubled up.
 */
async function replaceText(editor: Locator, text: string): Promise<void> {
  const page = editor.page();
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("ControlOrMeta+V");
}

// The playground is the page's only subject: no one signs in through the UI's form.
test.use({ account: "none" });

test("the GraphQL playground works with every other origin cut off", async ({
  page,
  context,
  baseURL,
  expectConsoleErrors,
}) => {
  test.skip(!stateFile(), "needs the stack's state file (E2E_STATE_FILE) to get the demo user's ID token");
  // As on a machine without internet: anything not from the stack itself fails, and is remembered.
  const origin = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    elsewhere.push(url);
    return route.abort("internetdisconnected");
  });
  // GraphiQL asks for the schema on load with the headers it starts with, and the ID token's
  // placeholder is no token: the API refuses it (401), and GraphiQL's retry without the
  // subscription type too, until the test puts a token in.
  expectConsoleErrors(/401/, /401/);

  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  await page.goto("/graphql");
  const query = page.locator(".graphiql-query-editor");
  await expect(query).toBeVisible();

  // The app's key and the placeholder for the ID token come filled in; the token replaces the placeholder.
  await page.getByRole("button", { name: "Headers", exact: true }).click();
  const headers = page.getByRole("region", { name: "Headers" }).locator(".graphiql-editor:not(.hidden)");
  await expect(headers).toContainText("x-api-key");
  await expect(headers).toContainText("mediapipe token");
  const prefilled = (await headers.locator(".view-lines").innerText()).replace(/\u00a0/g, " ");
  const filled = JSON.parse(prefilled) as Record<string, string>;
  filled.authorization = `Bearer ${await idToken(demoUser())}`;
  await replaceText(headers, JSON.stringify(filled));
  await replaceText(query, "{ presets { name } }");
  await page.locator(".graphiql-execute-button").click();
  await expect(page.locator(".graphiql-response")).toContainText('"default"');
  await screenshot(page, "50-playground");

  expect(elsewhere, "the playground reached for another origin").toEqual([]);
});
