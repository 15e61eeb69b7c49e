import { mkdirSync } from "node:fs";
import path from "node:path";

import { expect, type Locator, type Page, test as base } from "@playwright/test";

import { type Account, demoUser, signInThroughForm } from "./accounts";
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

/** A file's tile in the gallery once the server has it: its data-status is the item's status. */
export function mediaCard(page: Page, name: string): Locator {
  return page.getByTestId("media-card").filter({ hasText: name });
}

/** A file's own tile while this session is still sending it: its data-phase is the upload's phase. */
export function uploadTile(page: Page, name: string): Locator {
  return page.getByTestId("upload-tile").filter({ hasText: name });
}

/** Pixels the page could scroll sideways (0 means no horizontal overflow). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The patterns each test's consoleErrors may match (set through expectConsoleErrors). */
const expectedErrors = new WeakMap<string[], RegExp[]>();

type Options = {
  /** Who is signed in (through the form) before the test starts: the stack's demo user, or nobody. */
  account: "demo" | "none";
};

type Fixtures = {
  consoleErrors: string[];
  /**
   * Console errors a test provokes on purpose, each pattern matching one message (Chromium logs
   * every 4xx answer, e.g. a 401 the test makes the API give). Anything else still fails the test.
   */
  expectConsoleErrors: (...patterns: RegExp[]) => void;
  signedIn: Account | null;
};

/**
 * Every test runs against the stack from global-setup, signed in as the demo user unless it says
 * `test.use({ account: "none" })`, and fails if the page logged an error or threw.
 */
export const test = base.extend<Options & Fixtures>({
  account: ["demo", { option: true }],
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error("E2E_BASE_URL is not set; global-setup did not run.");
    await use(url);
  },
  expectConsoleErrors: async ({ consoleErrors }, use) => {
    await use((...patterns) => expectedErrors.get(consoleErrors)?.push(...patterns));
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      const expected: RegExp[] = [];
      expectedErrors.set(errors, expected);
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console: ${message.text()}`);
      });
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      await use(errors);
      const unexpected = errors.filter((error) => {
        const index = expected.findIndex((pattern) => pattern.test(error));
        if (index === -1) return true;
        expected.splice(index, 1);
        return false;
      });
      expect(unexpected, "the page logged errors").toEqual([]);
    },
    { auto: true },
  ],
  // Signs in once through the real form; the test's own page.goto then restores the kept session.
  signedIn: [
    async ({ page, account, consoleErrors }, use) => {
      void consoleErrors; // listening before the first page loads
      if (account === "none") {
        await use(null);
        return;
      }
      const user = demoUser();
      await page.goto("/");
      await signInThroughForm(page, user);
      await use(user);
    },
    { auto: true },
  ],
});

export { expect };
