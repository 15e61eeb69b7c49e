import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { startDevStack } from "./dev-stack";
import { samplesDir, samplesPath, UI_DIR } from "./paths";

function fail(message: string): never {
  throw new Error(`e2e setup: ${message}`);
}

/**
 * Starts `mediapipe dev --port 0` (a fresh emulated AWS each run) and points the tests at it through
 * E2E_BASE_URL (and its state file through E2E_STATE_FILE); the returned function stops it.
 * E2E_BASE_URL set beforehand reuses a running stack (E2E_STATE_FILE then names its state file,
 * `.mediapipe/dev-PORT.json`, if the tests that need it should run).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!samplesDir()) {
    console.log(
      `e2e: no sample media at ${samplesPath()} (set MEDIAPIPE_SAMPLES): the sample-photo test will be skipped`,
    );
  }
  if (process.env.E2E_BASE_URL) return async () => undefined;
  if (!existsSync(path.join(UI_DIR, "dist", "index.html"))) fail("ui/dist is missing: run `npm run build` first.");
  const dir = mkdtempSync(path.join(tmpdir(), "mediapipe-e2e-"));
  const stateFile = path.join(dir, "stack.json");
  const stack = await startDevStack(["--port", "0"], stateFile, {
    MEDIAPIPE_API_KEY: `e2e-${randomBytes(8).toString("hex")}`,
  }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    fail(error instanceof Error ? error.message : String(error));
  });
  const stop = async () => {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  process.env.E2E_BASE_URL = stack.url;
  // Where the stack's emulated AWS is (stack.ts uses it to put an item in a state only failures reach).
  process.env.E2E_STATE_FILE = stateFile;
  console.log(`e2e: embedded stack at ${stack.url}`);
  return stop;
}
