import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { REPO } from "./paths";

const READY_TIMEOUT_MS = 90_000;

/** A `mediapipe dev` this process started: where it serves, and how to stop it. */
export type DevStack = {
  url: string;
  child: ChildProcess;
  /** SIGTERM (or SIGINT, as Ctrl-C sends) to its process group; SIGKILL if it outlives 10 s. */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

/**
 * Starts `mediapipe dev ARGS --state-file STATEFILE` in its own process group (so a stop reaches its
 * worker processes too) and resolves once it answers /healthz.
 */
export async function startDevStack(args: string[], stateFile: string, env: NodeJS.ProcessEnv = {}): Promise<DevStack> {
  const mediapipe = path.join(REPO, ".venv", "bin", "mediapipe");
  if (!existsSync(mediapipe)) throw new Error(`${mediapipe} is missing: run \`make setup\` in the repo root first.`);
  let output = "";
  const child = spawn(mediapipe, ["dev", ...args, "--state-file", stateFile], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, signal);
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    return { url: await waitForHealth(stateFile, child, () => output), child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(stateFile: string, child: ChildProcess, log: () => string): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mediapipe dev exited with ${child.exitCode}:\n${log()}`);
    if (existsSync(stateFile)) {
      try {
        const { url } = JSON.parse(readFileSync(stateFile, "utf8")) as { url: string };
        if ((await fetch(`${url}/healthz`)).ok) return url;
      } catch {
        // not written completely, or not listening yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the stack did not become healthy within ${READY_TIMEOUT_MS / 1000}s:\n${log()}`);
}
