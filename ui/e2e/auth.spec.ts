import type { Page } from "@playwright/test";

import { type Account, cognito, demoUser, freshEmail, signInThroughForm, stackState } from "./accounts";
import { generateImages } from "./files";
import { expect, horizontalOverflow, mediaCard, screenshot, test } from "./fixtures";

// These tests sign in (and up) through the forms themselves.
test.use({ account: "none" });

const PASSWORD = "Sunny-days-2026";

/** The gallery has loaded (its list, or the sentence for an empty one). */
async function galleryLoaded(page: Page): Promise<void> {
  const gallery = page.getByRole("region", { name: "Gallery" });
  await expect(gallery.getByRole("list", { name: "Media" }).or(gallery.getByText("No media yet."))).toBeVisible();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("form", { name: "Sign in" })).toBeVisible();
  await expect(page.getByText("You're signed out.")).toBeVisible();
}

/** Nothing of anybody's media is on the page or kept in the tab. */
async function expectNoGallery(page: Page): Promise<void> {
  await expect(page.getByRole("region", { name: "Gallery" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Upload files" })).toHaveCount(0);
  await expect(page.getByTestId("media-card")).toHaveCount(0);
  await expect(page.getByTestId("upload-tile")).toHaveCount(0);
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("mediapipe.")))).toEqual(
    [],
  );
}

test("sign up with a code, upload, reload, sign out: the gallery is gone, and the next person sees none of it", async ({
  page,
}) => {
  const { photos } = generateImages("auth");
  const newcomer: Account = { email: freshEmail("newcomer"), password: PASSWORD };

  // Signed out: the sign-in form and nothing else.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectNoGallery(page);
  await screenshot(page, "20-sign-in");

  // Sign up: the password rules are said up front and checked before anything is sent.
  await page.getByRole("button", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeFocused();
  const signUp = page.getByRole("form", { name: "Create an account" });
  await signUp.getByLabel("Email address").fill(newcomer.email);
  const password = signUp.getByLabel("Password", { exact: true });
  await password.fill("sunny");
  await signUp.getByRole("button", { name: "Create account" }).click();
  await expect(password).toBeFocused();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(signUp).toContainText("The password needs at least 8 characters, an upper-case letter, a digit.");
  await screenshot(page, "21-sign-up-password-rules");
  await password.fill(newcomer.password);
  await expect(signUp.locator("[data-testid=password-rules] [data-met=false]")).toHaveCount(0);
  await signUp.getByRole("button", { name: "Create account" }).click();

  // The code step: the local stack mails nothing and takes any code, and says so.
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeFocused();
  await expect(page.getByText("The local stack sends no e-mail and accepts any code, e.g. 000000.")).toBeVisible();
  await screenshot(page, "22-confirm-code");
  await page.getByLabel("Confirmation code").fill("000000");
  await page.getByRole("button", { name: "Confirm" }).click();

  // Confirmed and signed in at once; the header names them; their gallery starts empty.
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${newcomer.email}`);
  await galleryLoaded(page);
  await expect(page.getByTestId("media-card")).toHaveCount(0);

  await page.getByTestId("file-input").setInputFiles(photos[0]!);
  const card = mediaCard(page, "auth-sunrise.jpg");
  await expect(card).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await screenshot(page, "23-signed-in-gallery");

  // A reload keeps the session (the refresh token is kept; new tokens are fetched).
  await page.reload();
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${newcomer.email}`);
  await expect(card).toHaveAttribute("data-status", "READY");
  // Their usage against the quota: the one photo (the counts move when an upload arrives).
  await expect(page.getByRole("region", { name: "Your storage" })).toContainText("1 item of 10,000");

  // Signing out: the gallery, the upload list and the kept session are gone.
  await signOut(page);
  await expectNoGallery(page);
  await screenshot(page, "24-signed-out");

  // Somebody else on the same tab sees only their own media.
  const demo = demoUser();
  await signInThroughForm(page, demo);
  await galleryLoaded(page);
  await expect(page.getByTestId("media-card").filter({ hasText: "auth-sunrise.jpg" })).toHaveCount(0);
  await expect(page.getByTestId("upload-tile")).toHaveCount(0);

  // And the newcomer's item is still theirs when they come back.
  await signOut(page);
  await signInThroughForm(page, newcomer);
  await expect(card).toHaveAttribute("data-status", "READY");
});

test("a forgotten password: any code (locally) and a new one sign you in", async ({ page }) => {
  const email = freshEmail("forgetful");
  await cognito("SignUp", { Username: email, Password: PASSWORD, UserAttributes: [{ Name: "email", Value: email }] });
  await cognito("ConfirmSignUp", { Username: email, ConfirmationCode: "000000" });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await page.getByRole("button", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeFocused();
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send a reset code" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeFocused();
  await expect(page.getByText("The local stack sends no e-mail and accepts any code, e.g. 000000.")).toBeVisible();
  await page.getByLabel("Reset code").fill("123456");
  await page.getByLabel("New password", { exact: true }).fill("Rainy-days-2027");
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, "25-phone-reset-password");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${email}`);
  await galleryLoaded(page);
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, "26-phone-signed-in");

  // The new password is the one that works now.
  await signOut(page);
  await signInThroughForm(page, { email, password: "Rainy-days-2027" });
});

test.describe("a session that ends during an upload", () => {
  test("keeps the file: sign in again and it carries on to READY", async ({ page, expectConsoleErrors }) => {
    const state = stackState();
    test.skip(!state, "needs the stack's state file (E2E_STATE_FILE) to find its user pool");
    // Chromium logs the 401 and the refused refresh this test makes happen, one each.
    expectConsoleErrors(/status of 401/, /status of 400/);
    const { photos } = generateImages("ended");
    const demo = demoUser();
    // Live updates are down, so the queue follows the upload by polling, the calls this test refuses.
    await page.routeWebSocket(/\/graphql$/, (socket) => socket.close());
    await page.goto("/");
    await signInThroughForm(page, demo);

    // From the first status poll on, the API refuses the token and Cognito refuses the refresh: as
    // when a session is revoked elsewhere, or a laptop wakes up after the refresh token expired.
    let creates = 0;
    let ended = true;
    await page.route("**/graphql", async (route) => {
      const body = route.request().postData() ?? "";
      if (body.includes("CreateUpload")) creates += 1;
      if (ended && body.includes("UploadStatus")) {
        await route.fulfill({
          status: 401,
          json: {
            errors: [
              {
                message: "The token has expired; sign in again or refresh it.",
                extensions: { code: "UNAUTHENTICATED" },
              },
            ],
          },
        });
        return;
      }
      await route.continue();
    });
    await page.route(`${state!.awsEndpoint}/**`, async (route) => {
      if (ended && (route.request().postData() ?? "").includes("REFRESH_TOKEN_AUTH")) {
        await route.fulfill({
          status: 400,
          headers: { "access-control-allow-origin": "*" },
          json: { __type: "NotAuthorizedException", message: "Refresh Token has expired" },
        });
        return;
      }
      await route.continue();
    });

    await page.getByTestId("file-input").setInputFiles(photos[0]!);
    await expect(page.getByText("Your session has ended. Sign in again to carry on.")).toBeVisible();
    await expect(page.getByText("1 upload is waiting for you.")).toBeVisible();
    await expect(page.getByRole("form", { name: "Sign in" }).getByLabel("Email address")).toHaveValue(demo.email);
    await screenshot(page, "27-session-ended-upload-waiting");

    ended = false;
    await page.getByLabel("Password", { exact: true }).fill(demo.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(mediaCard(page, "ended-sunrise.jpg")).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
    expect(creates).toBe(1);
  });
});
