import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

import type { Locator, Page } from "@playwright/test";
import WaveformData, { type JsonWaveformData } from "waveform-data";

import { dropFiles } from "./files";
import { expect, mediaCard, screenshot, test } from "./fixtures";
import { REPO, samplesDir, samplesPath, UI_DIR } from "./paths";

const MAKE_PLAYABLE = `
import sys
from pathlib import Path
sys.path.insert(0, ".")
from tests.media_factory import audio, video

out, prefix = Path(sys.argv[1]), sys.argv[2]
# 3 s of H.264 with an AAC tone, and 3 s of a tone as 16-bit WAV: the processor tests' own factory.
(out / f"{prefix}-clip.mp4").write_bytes(video("libx264", "mp4", seconds=3.0, size=(320, 240), rate=24, audio=True))
(out / f"{prefix}-tone.wav").write_bytes(audio("pcm_s16le", "wav", seconds=3.0))
`;

/** A short clip and a short song made with the stack's own PyAV, named for this spec's run. */
function generatePlayable(prefix: string): { clip: string; tone: string } {
  const dir = path.join(UI_DIR, "test-results", "generated", prefix);
  mkdirSync(dir, { recursive: true });
  execFileSync(path.join(REPO, ".venv", "bin", "python"), ["-c", MAKE_PLAYABLE, dir, prefix], { cwd: REPO });
  return { clip: path.join(dir, `${prefix}-clip.mp4`), tone: path.join(dir, `${prefix}-tone.wav`) };
}

/** Starts playback as the play button does (Playwright's evaluate counts as a user gesture). */
async function play(element: Locator): Promise<void> {
  await element.evaluate((media: HTMLMediaElement) => media.play());
}

/** The element's clock moves on, and it never reports an error. */
async function expectPlaying(element: Locator): Promise<void> {
  await expect
    .poll(() => element.evaluate((media: HTMLMediaElement) => media.currentTime), { timeout: 20_000 })
    .toBeGreaterThan(0.5);
  expect(await element.evaluate((media: HTMLMediaElement) => media.error?.code ?? null)).toBeNull();
}

/**
 * Issue 13: what the pipeline renders plays in the browser. A video through hls.js over its signed
 * HLS stream (the signature carried to every segment by QUERYPARAM), and a song from its renditions,
 * seeking on the waveform drawn from its peaks.
 */
test("a video plays its stream and a song its renditions, on their detail pages", async ({ page }) => {
  const prefix = `play-${Date.now().toString(36)}`;
  const { clip, tone } = generatePlayable(prefix);
  const clipName = path.basename(clip);
  const toneName = path.basename(tone);

  await page.goto("/");
  await expect(page.getByRole("button", { name: "Choose files" })).toBeVisible();
  await dropFiles(page, [clip, tone]);
  // The tiles say they play, and for how long.
  const card = (name: string) => mediaCard(page, name);
  for (const name of [clipName, toneName]) {
    await expect(card(name)).toHaveAttribute("data-status", "READY", { timeout: 90_000 });
    await expect(card(name).getByTestId("play-badge")).toBeVisible();
    await expect(card(name).getByTestId("duration")).toHaveText("Duration 0:03");
  }
  await screenshot(page, "30-gallery-playable");

  // The video: Chromium has MSE, so hls.js plays the stream; a fallback to the MP4 would say the
  // stream (its playlists, its signed segments) is broken, so the engine must still be hls.js after.
  await card(clipName).click();
  await expect(page.getByRole("heading", { level: 1, name: clipName })).toBeVisible();
  const video = page.getByLabel(`Video: ${clipName}`);
  await expect(video).toHaveAttribute("poster", /\/poster-w\d+-/);
  await expect(video).toHaveAttribute("data-engine", "hls.js");
  await expect(page.getByRole("link", { name: /Download MP4/ })).toHaveAttribute("download", `${prefix}-clip.mp4`);
  await play(video);
  await expectPlaying(video);
  await expect(video).toHaveAttribute("data-engine", "hls.js");
  expect(await video.evaluate((media: HTMLVideoElement) => media.videoWidth)).toBe(320);
  await screenshot(page, "31-video-playing");
  await video.evaluate((media: HTMLVideoElement) => media.pause());

  // The song: its M4A first, the waveform from its peaks as the seek bar.
  await page.getByRole("link", { name: "← Back to gallery" }).click();
  await card(toneName).click();
  await expect(page.getByRole("heading", { level: 1, name: toneName })).toBeVisible();
  const audio = page.getByLabel(`Audio: ${toneName}`);
  const waveform = page.getByRole("slider", { name: `Seek in ${toneName}` });
  await expect(waveform).toHaveAttribute("data-source", "peaks");
  await expect(page.getByTestId("duration")).toHaveText("Duration 0:03");
  await expect(page.getByRole("list", { name: "Downloads" }).getByRole("link")).toHaveCount(2);
  await play(audio);
  await expectPlaying(audio);
  expect(await audio.evaluate((media: HTMLAudioElement) => media.currentSrc)).not.toBe("");

  // Its peaks JSON is what peaks.js reads: waveform-data (peaks.js's own parser) takes it whole.
  const peaksUrl = await page
    .getByRole("link", { name: /^Open peaks/ })
    .evaluate((anchor: HTMLAnchorElement) => anchor.href);
  const peaks = WaveformData.create((await (await page.request.get(peaksUrl)).json()) as JsonWaveformData);
  expect(peaks.channels).toBe(1);
  expect(peaks.pixels_per_second).toBe(100);
  expect(peaks.duration).toBeCloseTo(3, 1);
  expect(Math.max(...peaks.channel(0).max_array())).toBeGreaterThan(10); // a tone, not silence

  // A click on the waveform seeks: near its end, the slider and the element agree.
  await audio.evaluate((media: HTMLAudioElement) => media.pause());
  const box = await waveform.boundingBox();
  if (!box) throw new Error("the waveform is not laid out");
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  await expect.poll(() => audio.evaluate((media: HTMLAudioElement) => media.currentTime)).toBeGreaterThan(2);
  await expect(waveform).toHaveAttribute("aria-valuetext", /^0:02 of 0:03$/);
  await screenshot(page, "32-song-seeked");
});

/** Every download link on the page answers 200 with a body of the type it names. */
async function expectDownloadable(page: Page): Promise<number> {
  const links = page.getByRole("list", { name: "Downloads" }).getByRole("link");
  const hrefs = await links.evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
  for (const href of hrefs) {
    const answer = await page.request.get(href);
    expect(answer.status(), href).toBe(200);
    expect(answer.headers()["content-type"], href).toMatch(/^(video|audio)\//);
    expect((await answer.body()).length, href).toBeGreaterThan(1000);
  }
  return hrefs.length;
}

/** Issue 13's goal, on real files: a phone's video and a voice memo, watched, heard and downloaded. */
test("a phone video and a voice memo uploaded through the UI play and download", async ({ page }) => {
  const samples = samplesDir();
  test.skip(!samples, `no sample media at ${samplesPath()} (set MEDIAPIPE_SAMPLES); the generated clip above plays`);
  const phone = path.join(samples!, "video", "iphone_rotated.mov");
  const memo = path.join(samples!, "audio", "jfk.wav");
  await page.goto("/");
  await dropFiles(page, [phone, memo]);
  for (const file of [phone, memo]) {
    await expect(mediaCard(page, path.basename(file))).toHaveAttribute("data-status", "READY", { timeout: 90_000 });
  }

  // The phone's portrait video: upright (taller than wide), playing over its stream.
  await mediaCard(page, path.basename(phone)).click();
  const video = page.getByLabel(`Video: ${path.basename(phone)}`);
  await play(video);
  await expectPlaying(video);
  const size = await video.evaluate((media: HTMLVideoElement) => [media.videoWidth, media.videoHeight]);
  expect(size[1]!).toBeGreaterThan(size[0]!);
  await video.evaluate((media: HTMLVideoElement) => media.pause());
  expect(await expectDownloadable(page)).toBeGreaterThanOrEqual(1);

  // The voice memo: heard from its renditions, and both downloadable.
  await page.getByRole("link", { name: "← Back to gallery" }).click();
  await mediaCard(page, path.basename(memo)).click();
  const audio = page.getByLabel(`Audio: ${path.basename(memo)}`);
  await play(audio);
  await expectPlaying(audio);
  expect(await expectDownloadable(page)).toBe(2);
});
