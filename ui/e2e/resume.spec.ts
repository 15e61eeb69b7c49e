import { statSync } from "node:fs";

import type { Request, Route } from "@playwright/test";

import { generateBigVideo } from "./files";
import { expect, mediaCard, test, uploadTile } from "./fixtures";

const PART = 8 * 1024 * 1024; // app/domain/multipart.py's part size for a file this big

const partNumber = (request: Request) =>
  request.method() === "PUT" ? Number(new URL(request.url()).searchParams.get("partNumber") ?? "0") : 0;

test("a big upload survives a reload: the same file picked again sends only the missing parts", async ({ page }) => {
  test.setTimeout(240_000);
  const file = generateBigVideo("resume-big.mov", 40);
  const total = Math.ceil(statSync(file).size / PART);

  const sent: number[] = [];
  let stored = 0;
  page.on("request", (request) => {
    if (partNumber(request)) sent.push(partNumber(request));
  });
  page.on("response", (response) => {
    if (partNumber(response.request()) && response.ok()) stored += 1;
  });
  // Parts 1 and 2 go through; the others hang until the reload, so it lands halfway.
  let reloaded = false;
  const held: Route[] = [];
  await page.route(
    (url) => url.searchParams.has("partNumber"),
    async (route) => {
      if (!reloaded && partNumber(route.request()) > 2) held.push(route);
      else await route.continue();
    },
  );
  page.on("dialog", (dialog) => void dialog.accept()); // the "leave the page?" warning

  await page.goto("/");
  await page.getByTestId("file-input").setInputFiles(file);
  const row = uploadTile(page, "resume-big.mov");
  await expect(row).toHaveAttribute("data-phase", "uploading");
  await expect(row.getByRole("button", { name: "Pause upload of resume-big.mov" })).toBeVisible();
  await expect.poll(() => stored, { timeout: 60_000 }).toBe(2);
  await expect(row.getByTestId("upload-transfer")).toContainText(" of ");
  // Closing the page now would stop the bytes: the page asks first.
  const warns = await page.evaluate(() => {
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });
  expect(warns).toBe(true);

  const before = sent.length;
  await page.reload();
  reloaded = true;
  for (const route of held.splice(0)) await route.abort().catch(() => undefined); // their page is gone

  await page.getByTestId("file-input").setInputFiles(file);
  await expect(row).toHaveCount(0, { timeout: 60_000 }); // every byte in: the gallery's tile takes over
  const after = sent.slice(before);
  expect(after.length).toBe(total - 2);
  expect(after).not.toContain(1);
  expect(after).not.toContain(2);
  await expect(mediaCard(page, "resume-big.mov")).toHaveAttribute("data-status", "READY", { timeout: 150_000 });
});

test("pause stops a big upload's parts; resume sends only the parts storage lacks", async ({ page }) => {
  test.setTimeout(240_000);
  const file = generateBigVideo("pause-big.mov", 40);
  const total = Math.ceil(statSync(file).size / PART);

  const sent: number[] = [];
  let stored = 0;
  page.on("request", (request) => {
    if (partNumber(request)) sent.push(partNumber(request));
  });
  page.on("response", (response) => {
    if (partNumber(response.request()) && response.ok()) stored += 1;
  });
  let paused = false;
  const held: Route[] = [];
  await page.route(
    (url) => url.searchParams.has("partNumber"),
    async (route) => {
      if (!paused && partNumber(route.request()) > 2) held.push(route);
      else await route.continue();
    },
  );

  await page.goto("/");
  await page.getByTestId("file-input").setInputFiles(file);
  const row = uploadTile(page, "pause-big.mov");
  await expect.poll(() => stored, { timeout: 60_000 }).toBe(2);
  await row.getByRole("button", { name: "Pause upload of pause-big.mov" }).click();
  await expect(row).toHaveAttribute("data-phase", "paused");
  await expect(row).toContainText("Paused");
  paused = true;
  for (const route of held.splice(0)) await route.abort().catch(() => undefined); // their XHRs were aborted

  const before = sent.length;
  await row.getByRole("button", { name: "Resume upload of pause-big.mov" }).click();
  await expect(row).toHaveCount(0, { timeout: 60_000 }); // every byte in: the gallery's tile takes over
  const after = sent.slice(before);
  expect(after.length).toBe(total - 2);
  expect(after).not.toContain(1);
  expect(after).not.toContain(2);
  await expect(mediaCard(page, "pause-big.mov")).toHaveAttribute("data-status", "READY", { timeout: 150_000 });
});
