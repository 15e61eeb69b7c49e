import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { Page } from "@playwright/test";

import { REPO, UI_DIR } from "./paths";

const GENERATED = path.join(UI_DIR, "test-results", "generated");

const MAKE_IMAGES = `
import sys
from pathlib import Path
from PIL import Image, ImageDraw

out = Path(sys.argv[1])
for i, (name, size, color) in enumerate([
    ("sunrise", (1600, 1000), (236, 120, 40)),
    ("forest", (900, 1200), (30, 130, 70)),
    ("ocean", (1200, 800), (30, 90, 200)),
]):
    im = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(im)
    for y in range(0, size[1], 40):
        draw.rectangle([0, y, size[0], y + 18], fill=tuple(min(255, c + 50) for c in color))
    draw.ellipse([size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4], fill=(250, 250, 250))
    fmt = "PNG" if i == 1 else "JPEG"
    im.save(out / f"{name}.{fmt.lower().replace('jpeg', 'jpg')}", fmt, quality=85)
# A JPEG cut off after its headers: it sniffs as JPEG but cannot be decoded.
im = Image.new("RGB", (800, 600), (200, 40, 40))
im.save(out / "whole.jpg", "JPEG", quality=90)
data = (out / "whole.jpg").read_bytes()
(out / "damaged.jpg").write_bytes(data[: len(data) // 3])
(out / "whole.jpg").unlink()
`;

/**
 * Test images made with the stack's own Pillow (no shared samples needed): three photos and one
 * damaged JPEG, under `prefix` so each test's files are its own in the shared gallery.
 */
export function generateImages(prefix: string): { photos: string[]; damaged: string } {
  const dir = path.join(GENERATED, prefix);
  mkdirSync(dir, { recursive: true });
  execFileSync(path.join(REPO, ".venv", "bin", "python"), ["-c", MAKE_IMAGES, dir]);
  const rename = (name: string) => {
    const target = path.join(dir, `${prefix}-${name}`);
    writeFileSync(target, readFileSync(path.join(dir, name)));
    return target;
  };
  return {
    photos: ["sunrise.jpg", "forest.png", "ocean.jpg"].map(rename),
    damaged: rename("damaged.jpg"),
  };
}

const MIME: Record<string, string> = { ".jpg": "image/jpeg", ".png": "image/png", ".txt": "text/plain" };

/** Drops files on the upload zone the way a person's drag and drop does: a real `drop` with a DataTransfer. */
export async function dropFiles(page: Page, files: string[]): Promise<void> {
  const payload = files.map((file) => ({
    name: path.basename(file),
    type: MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream",
    base64: readFileSync(file).toString("base64"),
  }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return transfer;
  }, payload);
  const zone = page.getByRole("region", { name: "Upload files" });
  await zone.dispatchEvent("dragenter", { dataTransfer });
  await zone.dispatchEvent("drop", { dataTransfer });
}
