import { dropFiles, generateImages } from "./files";
import { expect, horizontalOverflow, mediaCard, screenshot, test, uploadTile } from "./fixtures";

test("pick photos, open the detail view, copy a link, delete with confirmation", async ({ page, context }) => {
  const { photos } = generateImages("detail");
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await page.getByTestId("file-input").setInputFiles(photos);

  for (const name of ["detail-sunrise.jpg", "detail-forest.png", "detail-ocean.jpg"]) {
    await expect(mediaCard(page, name)).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  }

  // Keyboard: the card is a link; Enter opens the detail view.
  const card = page.getByTestId("media-card").filter({ hasText: "detail-sunrise.jpg" });
  await card.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/items\/[0-9A-Z]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "detail-sunrise.jpg" })).toBeVisible();
  await expect(page.getByRole("img", { name: "detail-sunrise.jpg" })).toHaveAttribute("data-loaded", "true");

  // Every variant, with its dimensions and size; metadata.
  const variants = page.getByTestId("variant");
  expect(await variants.count()).toBeGreaterThanOrEqual(2);
  await expect(variants.first()).toContainText(/\d+ × \d+ · [\d.]+ (B|KB|MB)/);
  await expect(page.getByText("Dimensions")).toBeVisible();
  await expect(page.getByText("1600 × 1000 px")).toBeVisible();

  // Copy link puts the variant's URL on the clipboard.
  const firstCopy = variants.first().getByRole("button", { name: /^Copy link to/ });
  await firstCopy.click();
  await expect(firstCopy).toHaveText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\//);
  expect((await page.request.get(copied)).ok()).toBe(true);
  await screenshot(page, "03-detail");

  // Delete: Escape cancels the dialog; confirming deletes and returns to the gallery.
  await page.getByRole("button", { name: "Delete…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete detail-sunrise.jpg?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await screenshot(page, "04-delete-dialog");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Delete…" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText("Deleted detail-sunrise.jpg.")).toBeVisible();
  await expect(page.getByTestId("media-card").filter({ hasText: "detail-forest.png" })).toBeVisible();
  await expect(page.getByTestId("media-card").filter({ hasText: "detail-sunrise.jpg" })).toHaveCount(0);
});

test("a damaged file gets a friendly explanation, not a stack trace", async ({ page }) => {
  const { damaged } = generateImages("bad");
  await page.goto("/");
  await dropFiles(page, [damaged]);
  const card = mediaCard(page, "bad-damaged.jpg");
  await expect(card).toHaveAttribute("data-status", "REJECTED", { timeout: 60_000 });
  await expect(card).toContainText("This file looks damaged and couldn't be read.");
  await screenshot(page, "05-damaged-file");

  await card.click();
  await expect(page.getByRole("alert")).toContainText("This file looks damaged and couldn't be read.");
  await expect(page.getByRole("alert")).toContainText("Trying again won't help");
  await expect(page.getByRole("button", { name: "Retry processing" })).toHaveCount(0);
});

test("by keyboard, a file of the wrong type is explained before anything is sent", async ({ page }) => {
  let createUploads = 0;
  page.on("request", (request) => {
    if (request.url().endsWith("/graphql") && request.postData()?.includes("CreateUpload")) createUploads += 1;
  });
  await page.goto("/");
  // Keyboard only: Tab to "Choose files", Enter opens the file picker.
  const chooser = page.waitForEvent("filechooser");
  const choose = page.getByRole("button", { name: "Choose files" });
  for (let i = 0; i < 10 && !(await choose.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press("Tab");
  }
  await expect(choose).toBeFocused();
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
  const tile = uploadTile(page, "notes.txt");
  await expect(tile).toHaveAttribute("data-phase", "invalid");
  await expect(tile).toContainText("aren't supported. You can upload");
  expect(createUploads).toBe(0);
});

test("phone viewport (390x844): no horizontal scroll on the gallery or the detail view", async ({ page }) => {
  const { photos } = generateImages("phone");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await page.getByTestId("file-input").setInputFiles(photos.slice(0, 2));
  for (const name of ["phone-sunrise.jpg", "phone-forest.png"]) {
    await expect(mediaCard(page, name)).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  }
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, "06-phone-home");

  await page.getByTestId("media-card").filter({ hasText: "phone-sunrise.jpg" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "phone-sunrise.jpg" })).toBeVisible();
  await expect(page.getByTestId("variant").first()).toBeVisible();
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, "07-phone-detail");
});

test("budget: time to first render on the local stack", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Choose files" })).toBeVisible();
  const timings = await page.evaluate(() => {
    const mark = performance.getEntriesByName("app-rendered")[0];
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    return {
      appRenderedMs: mark ? Math.round(mark.startTime) : null,
      firstContentfulPaintMs: fcp ? Math.round(fcp.startTime) : null,
      domContentLoadedMs: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
    };
  });
  console.log(`budget: time to first render ${JSON.stringify(timings)}`);
  expect(timings.appRenderedMs).not.toBeNull();
});
