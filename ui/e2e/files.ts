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

const MAKE_MEDIA = `
import math, struct, sys, wave
from pathlib import Path
from PIL import Image, ImageDraw

out, prefix, with_clip = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"

# A photo carrying what a phone writes into EXIF: make, model, capture time with its zone, GPS.
im = Image.new("RGB", (1200, 900), (40, 110, 160))
draw = ImageDraw.Draw(im)
for x in range(0, 1200, 60):
    draw.rectangle([x, 0, x + 24, 900], fill=(70, 150, 200))
draw.ellipse([350, 200, 850, 700], fill=(250, 210, 60))
exif = Image.Exif()
exif[0x010F], exif[0x0110] = "TestCam", "Model 1"
exif.get_ifd(0x8769).update({0x9003: "2024:05:06 07:08:09", 0x9011: "+02:00"})
exif.get_ifd(0x8825).update({1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (3.0, 42.0, 0.0)})
im.save(out / f"{prefix}-camera.jpg", "JPEG", quality=85, exif=exif.tobytes())

# A voice memo: 1.5 s of a 440 Hz tone fading in, 16-bit mono WAV (the standard library only).
rate, count = 22050, int(1.5 * 22050)
with wave.open(str(out / f"{prefix}-memo.wav"), "wb") as memo:
    memo.setnchannels(1)
    memo.setsampwidth(2)
    memo.setframerate(rate)
    memo.writeframes(b"".join(
        struct.pack("<h", int(30000 * i / count * math.sin(2 * math.pi * 440 * i / rate))) for i in range(count)
    ))

if with_clip:
    # Without the shared samples: a 2 s H.264 + AAC clip from the processor tests' own factory.
    sys.path.insert(0, ".")
    from tests.media_factory import video
    (out / f"{prefix}-clip.mp4").write_bytes(video("libx264", "mp4", seconds=2.0, size=(320, 240), audio=True))
`;

/**
 * Media made with the stack's own Python: a photo with camera EXIF (make, model, capture time, GPS),
 * a WAV voice memo, and, when asked, a short MP4 clip (for when the shared samples are absent).
 */
export function generateMedia(prefix: string, { clip }: { clip: boolean }) {
  const dir = path.join(GENERATED, prefix);
  mkdirSync(dir, { recursive: true });
  execFileSync(path.join(REPO, ".venv", "bin", "python"), ["-c", MAKE_MEDIA, dir, prefix, clip ? "1" : "0"], {
    cwd: REPO,
  });
  return {
    camera: path.join(dir, `${prefix}-camera.jpg`),
    memo: path.join(dir, `${prefix}-memo.wav`),
    clip: clip ? path.join(dir, `${prefix}-clip.mp4`) : null,
  };
}

const MIME: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".txt": "text/plain",
  ".mp4": "video/mp4",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
};

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

const MAKE_BIG_VIDEO = `
import sys
from pathlib import Path
sys.path.insert(0, ".")
from tests.media_factory import big_video
big_video(Path(sys.argv[1]), int(sys.argv[2]))
`;

/** A Motion JPEG QuickTime of about `mib` MiB (quick to make and to process), named `name`. */
export function generateBigVideo(name: string, mib: number): string {
  mkdirSync(GENERATED, { recursive: true });
  const target = path.join(GENERATED, name);
  execFileSync(path.join(REPO, ".venv", "bin", "python"), ["-c", MAKE_BIG_VIDEO, target, String(mib)], { cwd: REPO });
  return target;
}
