import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const UI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO = path.resolve(UI_DIR, "..");

/** Where the shared sample media should be: MEDIAPIPE_SAMPLES, or ../shared/samples beside the repo. */
export function samplesPath(): string {
  return process.env.MEDIAPIPE_SAMPLES ?? path.resolve(REPO, "..", "shared", "samples");
}

/** The shared sample media folder, or null when it is not there (a fresh clone elsewhere). */
export function samplesDir(): string | null {
  const dir = samplesPath();
  return existsSync(dir) ? dir : null;
}
