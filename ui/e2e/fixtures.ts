import { mkdirSync } from "node:fs";
import path from "node:path";

import { expect, type Page, test as base } from "@playwright/test";

import { UI_DIR } from "./paths";

export const SCREENSHOTS = path.join(UI_DIR, "test-results", "screenshots");

/** Saves a full-page screenshot under ui/test-results/screenshots and prints its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  console.log(`screenshot: ${file}`);
  return file;
}

/** Pixels the page could scroll sideways (0 means no horizontal overflow). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

type Fixtures = { consoleErrors: string[] };

/**
 * Every test runs against the stack from global-setup and fails if the page logged an error or threw.
 */
export const test = base.extend<Fixtures>({
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("E2E_BASE_URL is not set; global-setup did not run.");
    await use(url);
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console: ${message.text()}`);
      });
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      await use(errors);
      expect(errors, "the page logged errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
