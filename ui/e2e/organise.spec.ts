import { type Page } from "@playwright/test";

import { generateImages } from "./files";
import { expect, horizontalOverflow, mediaCard, screenshot, test } from "./fixtures";

/** Each run's files, names and tags are its own in the demo user's shared gallery. */
const RUN = `org${Date.now().toString(36)}`;

async function uploadPhotos(page: Page): Promise<string[]> {
  const { photos } = generateImages(RUN);
  await page.goto("/");
  await page.getByTestId("file-input").setInputFiles(photos);
  const names = photos.map((file) => file.split("/").pop()!);
  for (const name of names) {
    await expect(mediaCard(page, name)).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  }
  return names;
}

const cards = (page: Page) => page.getByTestId("media-card");

test("find and organise by keyboard: search, filter, rename and tag, the lightbox, bulk delete", async ({ page }) => {
  const [sunrise, forest, ocean] = await uploadPhotos(page);
  const gallery = page.getByRole("region", { name: "Gallery" });

  // Search by name, then narrow by kind and status: the filters live in the address.
  await page.getByLabel("Search names").fill(RUN);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${RUN}`));
  await expect(cards(page)).toHaveCount(3);
  await page.getByLabel("Kind").selectOption({ label: "Photos" });
  await page.getByLabel("Status").selectOption("READY");
  await expect(page).toHaveURL(/kind=IMAGE/);
  await expect(cards(page)).toHaveCount(3);
  await screenshot(page, "40-gallery-search");

  // Into one item by keyboard alone: the tile's link, Enter.
  await mediaCard(page, ocean!).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ocean!);

  // Rename and tag it: the form answers with the item as the server cleaned it.
  await page.getByRole("button", { name: "Rename or tag…" }).focus();
  await page.keyboard.press("Enter");
  const form = page.getByRole("form", { name: "Rename or tag" });
  await form.getByLabel("Name").fill(`${RUN}-sea.jpg`);
  await form.getByLabel("Tags").fill(`  ${RUN.toUpperCase()}, Blue ,blue`);
  await form.getByLabel("Tags").press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${RUN}-sea.jpg`);
  const tags = page.getByRole("list", { name: "Tags" });
  await expect(tags.getByRole("link")).toHaveText([RUN, "blue"]);
  await screenshot(page, "41-detail-tagged");

  // The lightbox by keyboard: open, step to a neighbour with →, Escape back to the detail view.
  await page.getByRole("button", { name: "View larger" }).focus();
  await page.keyboard.press("Enter");
  const lightbox = page.getByRole("dialog", { name: `${RUN}-sea.jpg` });
  await expect(lightbox).toBeVisible();
  await expect(page).toHaveURL(/view=full/);
  await screenshot(page, "42-lightbox");
  const position = await page.getByTestId("item-position").last().textContent();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("item-position").last()).not.toHaveText(position!);
  await expect(page).toHaveURL(/view=full/);
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page).not.toHaveURL(/view=full/);

  // A tag is a way back into the gallery: only what carries it.
  await page.keyboard.press("ArrowLeft"); // back to the tagged item, on its detail page
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${RUN}-sea.jpg`);
  await page.getByRole("link", { name: `Show everything tagged ${RUN}` }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]tag=${RUN}`));
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page)).toContainText(`${RUN}-sea.jpg`);

  // Select two by keyboard (Space on each tile's checkbox) and delete them together, confirmed.
  await page.goto(`/?q=${RUN}`);
  await expect(cards(page)).toHaveCount(3);
  for (const name of [sunrise!, forest!]) {
    await gallery.getByRole("checkbox", { name: `Select ${name}` }).focus();
    await page.keyboard.press("Space");
  }
  const bar = page.getByRole("region", { name: "Selected items" });
  await expect(bar.getByRole("status")).toHaveText(/^2 selected/);
  await bar.getByRole("button", { name: "Delete…" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete 2 items?" });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(cards(page)).toHaveCount(1);
  await expect(cards(page)).toContainText(`${RUN}-sea.jpg`);

  // A phone: the toolbar wraps, nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, "43-gallery-phone");
});

/** The sRGB channels (0-255) of any CSS colour the page computes (lab(), oklch(), rgb()...). */
async function rgbOf(page: Page, css: string): Promise<[number, number, number]> {
  return page.evaluate((color) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d")!;
    context.fillStyle = color;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!] as [number, number, number];
  }, css);
}

/** WCAG 2 relative luminance and contrast ratio. */
function luminance([r, g, b]: [number, number, number]): number {
  const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

test("dark mode follows the system setting, with text as legible as in the light theme", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Gallery" })).toBeVisible();
  const body = await page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return { background: style.backgroundColor, color: style.color };
  });
  const header = await page.locator("header").evaluate((element) => getComputedStyle(element).backgroundColor);
  const background = luminance(await rgbOf(page, body.background));
  expect(background).toBeLessThan(0.05); // dark
  expect(contrast(luminance(await rgbOf(page, body.color)), background)).toBeGreaterThan(7);
  expect(luminance(await rgbOf(page, header))).toBeLessThan(0.05); // the header's surface too
  // Every pair of text and background the components use keeps WCAG AA's 4.5:1 in the dark theme.
  const pairs = [
    ["bg-surface", "text-slate-500"],
    ["bg-surface", "text-slate-600"],
    ["bg-surface", "text-indigo-700"],
    ["bg-slate-50", "text-slate-600"],
    ["bg-indigo-50", "text-indigo-700"],
    ["bg-emerald-50", "text-emerald-800"],
    ["bg-amber-50", "text-amber-900"],
    ["bg-red-50", "text-red-800"],
    ["bg-green-100", "text-green-800"],
    ["bg-red-100", "text-red-800"],
    ["bg-indigo-600", "text-white"],
    ["bg-red-600", "text-white"],
  ] as const;
  for (const [back, fore] of pairs) {
    const colors = await page.evaluate(
      ({ backClass, foreClass }) => {
        const box = document.body.appendChild(document.createElement("div"));
        box.className = backClass;
        const text = box.appendChild(document.createElement("span"));
        text.className = foreClass;
        const found = { back: getComputedStyle(box).backgroundColor, fore: getComputedStyle(text).color };
        box.remove();
        return found;
      },
      { backClass: back, foreClass: fore },
    );
    const ratio = contrast(luminance(await rgbOf(page, colors.fore)), luminance(await rgbOf(page, colors.back)));
    expect(ratio, `${fore} on ${back}`).toBeGreaterThan(4.5);
  }
  await screenshot(page, "44-gallery-dark");
});
