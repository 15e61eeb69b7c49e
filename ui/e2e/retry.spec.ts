import { generateImages } from "./files";
import { expect, screenshot, test } from "./fixtures";
import { subOf } from "./accounts";
import { failItem, registerUpload, sendBytes, stateFile } from "./stack";

test("a FAILED item explains itself, and Retry brings it to READY", async ({ page, request, signedIn }) => {
  test.skip(!stateFile(), "needs the stack's state file (E2E_STATE_FILE) to reach its emulated DynamoDB");
  const { photos } = generateImages("retry");
  const photo = photos[0]!;

  // An item that failed for a reason on our side, with its original safely stored: registered,
  // marked FAILED (TIMEOUT) as the processor does when it gives up, and only then given its bytes.
  const upload = await registerUpload(request, signedIn!, photo, "image/jpeg");
  failItem(subOf(upload.token), upload.id, "The worker stopped before finishing (made to fail by the e2e test).");
  await sendBytes(upload, photo, "image/jpeg");

  await page.goto(`/items/${upload.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "retry-sunrise.jpg" })).toBeVisible();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Processing took too long and was stopped. You can try again.");
  await expect(alert).toContainText("made to fail by the e2e test");
  await expect(page.getByText("Failed", { exact: true })).toBeVisible();
  await screenshot(page, "15-failed-item");

  await page.getByRole("button", { name: "Retry processing" }).click();
  await expect(page.getByText("Ready", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("img", { name: "retry-sunrise.jpg" })).toHaveAttribute("data-loaded", "true");
  await expect(page.getByTestId("variant").first()).toBeVisible();
});
