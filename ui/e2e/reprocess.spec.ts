import { generateImages } from "./files";
import { expect, mediaCard, screenshot, test } from "./fixtures";

test("Reprocess with preset… remakes a READY photo's outputs with another preset", async ({ page }) => {
  const { photos } = generateImages("reprocess");
  await page.goto("/");
  await page.getByTestId("file-input").setInputFiles(photos[0]!);
  const card = mediaCard(page, "reprocess-sunrise.jpg");
  await expect(card).toHaveAttribute("data-status", "READY", { timeout: 60_000 });

  await card.click();
  await expect(page.getByRole("heading", { level: 1, name: "reprocess-sunrise.jpg" })).toBeVisible();
  const variants = page.getByTestId("variant");
  await expect(variants.first()).toContainText(/\d+ × \d+/);

  await page.getByRole("button", { name: "Reprocess with preset…" }).click();
  const form = page.getByRole("form", { name: "Reprocess" });
  await form.getByLabel("Preset").selectOption("thumbnail");
  await screenshot(page, "16-reprocess");
  await form.getByRole("button", { name: "Reprocess" }).click();

  // The thumbnail preset's square outputs replace the default's, and the history says why.
  await expect(variants.first()).toContainText("320 × 320", { timeout: 60_000 });
  await expect(page.getByText("Ready", { exact: true })).toBeVisible();
  await expect(variants).toHaveCount(4);
  await expect(page.getByRole("img", { name: "reprocess-sunrise.jpg" })).toHaveAttribute("data-loaded", "true");
  await expect(page.getByText("reprocess requested with preset thumbnail")).toBeVisible();
});
