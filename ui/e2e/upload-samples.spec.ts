import path from "node:path";

import { dropFiles } from "./files";
import { expect, mediaCard, screenshot, test } from "./fixtures";
import { samplesDir } from "./paths";

const SAMPLES = samplesDir();
const PHOTOS = ["jolla.jpg", "nikon-e950.jpg", "DSCN0010.jpg"];

test.describe("real sample photos", () => {
  test.skip(!SAMPLES, "the shared sample media (../shared/samples or MEDIAPIPE_SAMPLES) is not available here");

  test("drop 3 photos: progress, live status, READY, previews load", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Choose files" })).toBeVisible();

    // Slow the upload link down so the per-file progress is observable, as on a real network.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    });

    await dropFiles(
      page,
      PHOTOS.map((name) => path.join(SAMPLES!, "photos", name)),
    );
    await expect(page.getByTestId("upload-tile")).toHaveCount(3);

    // Partial progress on some file's bar (between 1% and 99%).
    await expect
      .poll(
        () =>
          page.$$eval('[role="progressbar"][aria-valuenow]', (bars) =>
            bars.some((bar) => {
              const value = Number(bar.getAttribute("aria-valuenow"));
              return value > 0 && value < 100;
            }),
          ),
        { timeout: 15_000, intervals: [50] },
      )
      .toBe(true);
    await screenshot(page, "01-uploading");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    for (const name of PHOTOS) {
      await expect(mediaCard(page, name)).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
    }
    await expect(page.getByTestId("upload-summary")).toHaveText("3 of 3 ready");

    // The gallery shows all three, and their previews really load.
    for (const name of PHOTOS) {
      const card = mediaCard(page, name);
      const image = card.locator("img");
      await expect(image).toHaveAttribute("data-loaded", "true");
      expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    }
    await screenshot(page, "02-gallery-ready");
  });
});
