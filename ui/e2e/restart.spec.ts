import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { type Account, signInThroughForm } from "./accounts";
import { type DevStack, startDevStack } from "./dev-stack";
import { generateImages } from "./files";
import { expect, mediaCard, screenshot, test } from "./fixtures";

test.use({ account: "none" }); // the stack of this test's own, not global-setup's

/** A port free now, for both runs of the stack: the page's origin (and its kept session) stays. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

test("a restart of the stack keeps a READY item, its variants and the session", async ({ page }) => {
  test.slow(); // two starts of a stack of its own
  const dir = mkdtempSync(path.join(tmpdir(), "mediapipe-restart-"));
  const args = ["--port", String(await freePort()), "--data", path.join(dir, "data")];
  const stateFile = path.join(dir, "stack.json");
  let stack: DevStack | null = await startDevStack(args, stateFile);
  try {
    const { demoUser } = JSON.parse(readFileSync(stateFile, "utf8")) as { demoUser: Account };
    const [photo] = generateImages("restart").photos;
    const name = path.basename(photo!);
    await page.goto(stack.url);
    await signInThroughForm(page, demoUser);
    await page.getByTestId("file-input").setInputFiles([photo!]);
    await expect(mediaCard(page, name)).toHaveAttribute("data-status", "READY", { timeout: 60_000 });

    // The tab left (else Chromium logs each refused reconnect of the live socket while the stack is
    // down); the stack stopped as Ctrl-C stops `make dev`, and started again on the same folder.
    await page.goto("about:blank");
    await stack.stop("SIGINT");
    stack = null;
    stack = await startDevStack(args, stateFile);

    // Back to the app: still signed in (the same user pool), the item there with every variant.
    await page.goto(stack.url);
    await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${demoUser.email}`);
    const tile = mediaCard(page, name);
    await expect(tile).toHaveAttribute("data-status", "READY");
    await expect(tile.locator("img")).toHaveJSProperty("complete", true);
    expect(await tile.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await tile.click();
    const links = page.getByRole("list", { name: "Variants" }).getByRole("link", { name: /^Open / });
    await expect(links.first()).toBeVisible();
    for (const href of await links.evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href))) {
      expect((await page.request.get(href)).status(), href).toBe(200);
    }
    await screenshot(page, "45-after-restart");
  } finally {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
