import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { REPO, samplesDir, samplesPath, UI_DIR } from "./paths";
const READY_TIMEOUT_MS = 90_000;

function fail(message: string): never {
  throw new Error(`e2e setup: ${message}`);
}

async function waitForStack(stateFile: string, child: ChildProcess, log: () => string): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`mediapipe dev exited with ${child.exitCode}:\n${log()}`);
    if (existsSync(stateFile)) {
      try {
        const { url } = JSON.parse(readFileSync(stateFile, "utf8")) as { url: string };
        const health = await fetch(`${url}/healthz`);
        if (health.ok) return url;
      } catch {
        // not written completely, or not listening yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  fail(`the stack did not become healthy within ${READY_TIMEOUT_MS / 1000}s:\n${log()}`);
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
  const mediapipe = path.join(REPO, ".venv", "bin", "mediapipe");
  if (!existsSync(mediapipe)) fail(`${mediapipe} is missing: run \`make setup\` in the repo root first.`);

  const dir = mkdtempSync(path.join(tmpdir(), "mediapipe-e2e-"));
  const stateFile = path.join(dir, "stack.json");
  let output = "";
  const child = spawn(mediapipe, ["dev", "--port", "0", "--state-file", stateFile], {
    cwd: REPO,
    env: { ...process.env, MEDIAPIPE_API_KEY: `e2e-${randomBytes(8).toString("hex")}` },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so teardown stops the worker processes too
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const url = await waitForStack(stateFile, child, () => output);
    process.env.E2E_BASE_URL = url;
    // Where the stack's emulated AWS is (stack.ts uses it to put an item in a state only failures reach).
    process.env.E2E_STATE_FILE = stateFile;
    console.log(`e2e: embedded stack at ${url}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
