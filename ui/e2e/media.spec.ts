import { statSync } from "node:fs";
import path from "node:path";

import { dropFiles, generateImages, generateMedia } from "./files";
import { expect, horizontalOverflow, mediaCard, screenshot, test, uploadTile } from "./fixtures";
import { samplesDir } from "./paths";

const SAMPLES = samplesDir();

/**
 * The goal paragraph end to end: a handful of photos, a video and a song dropped at once;
 * progress and live statuses; gallery placeholders; the video's and the song's detail. The video
 * and the song are the shared samples when they are here, else a clip and a memo made on the spot.
 */
test("drop photos, a video and songs: progress, statuses, placeholders, then the video and the song", async ({
  page,
}) => {
  const { photos } = generateImages("mix");
  const made = generateMedia("mix", { clip: !SAMPLES });
  const video = SAMPLES
    ? {
        file: path.join(SAMPLES, "video", "flower.mp4"),
        duration: "0:05",
        facts: ["960 × 540 px", "H.264", "29.97 fps", "AAC"],
      }
    : { file: made.clip!, duration: "0:02", facts: ["320 × 240 px", "H.264", "10 fps", "AAC"] };
  const song = SAMPLES
    ? { file: path.join(SAMPLES, "audio", "t-rex-roar.mp3"), duration: "0:02", facts: ["MP3", "44.1 kHz", "Stereo"] }
    : { file: made.memo, duration: "0:02", facts: ["WAV", "PCM, 16-bit", "Mono"] };
  const files = [...photos.slice(0, 2), made.camera, video.file, song.file, ...(SAMPLES ? [made.memo] : [])];
  const names = files.map((file) => path.basename(file));
  const videoName = path.basename(video.file);
  const songName = path.basename(song.file);

  await page.goto("/");
  await expect(page.getByRole("button", { name: "Choose files" })).toBeVisible();

  // Hold every picture back until the placeholders have been seen; slow the uplink so progress shows.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/media/**", async (route) => {
    await held;
    // The page may have dropped the request meanwhile (an upload row's thumbnail that re-rendered).
    await route.continue().catch(() => undefined);
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const uplink = (bytesPerSecond: number) =>
    cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond,
    });
  // Slow enough that the largest file (the sample video, or a photo) takes about 1.5 s to send.
  const largest = [...files].sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  await uplink(Math.round(statSync(largest).size / 1.5));

  await dropFiles(page, files);
  const tiles = page.getByTestId("upload-tile");
  await expect(tiles).toHaveCount(files.length);

  // That file's own bar moves (between 1% and 99%) while its bytes go up.
  const bar = uploadTile(page, path.basename(largest)).getByRole("progressbar");
  await expect
    .poll(
      async () => {
        const value = Number((await bar.getAttribute("aria-valuenow", { timeout: 100 }).catch(() => null)) ?? -1);
        return value > 0 && value < 100;
      },
      { timeout: 20_000, intervals: [50] },
    )
    .toBe(true);
  await screenshot(page, "08-media-uploading");
  await uplink(-1);

  // Live statuses until every file is READY; the upload tiles have handed over to the gallery's.
  const card = (name: string) => mediaCard(page, name);
  for (const name of names) await expect(card(name)).toHaveAttribute("data-status", "READY", { timeout: 60_000 });
  await expect(page.getByTestId("upload-summary")).toHaveText(`${files.length} of ${files.length} ready`);
  await expect(tiles).toHaveCount(0);

  // Gallery: READY tiles over their placeholders while the pictures are held back.
  for (const name of [...names.slice(0, 3), videoName]) {
    await expect(card(name).locator("[data-placeholder]")).toHaveAttribute("data-placeholder", "blurhash");
    await expect(card(name).locator("canvas")).toHaveCount(1);
  }
  await expect(card(songName).locator("[data-placeholder]")).toHaveAttribute("data-placeholder", "tint");
  await card(videoName).scrollIntoViewIfNeeded();
  await screenshot(page, "09-gallery-placeholders");

  release();
  for (const name of names) {
    await card(name).scrollIntoViewIfNeeded();
    await expect(card(name).locator("img")).toHaveAttribute("data-loaded", "true");
  }
  // A video's tile is its poster, a song's its waveform; both carry their duration.
  expect(
    await card(videoName)
      .locator("img")
      .evaluate((img: HTMLImageElement) => img.currentSrc),
  ).toMatch(/\/poster-w\d+-/);
  expect(
    await card(songName)
      .locator("img")
      .evaluate((img: HTMLImageElement) => img.currentSrc),
  ).toMatch(/\/waveform-/);
  await expect(card(videoName).getByTestId("duration")).toHaveText(`Duration ${video.duration}`);
  await expect(card(songName).getByTestId("duration")).toHaveText(`Duration ${song.duration}`);
  await card(videoName).scrollIntoViewIfNeeded();
  await screenshot(page, "10-gallery-media");

  // The video: a player under its poster, duration and facts (playback itself: playback.spec.ts).
  await card(videoName).click();
  await expect(page.getByRole("heading", { level: 1, name: videoName })).toBeVisible();
  const player = page.getByLabel(`Video: ${videoName}`);
  await expect(player).toHaveAttribute("poster", /\/poster-w\d+-/);
  await expect(page.getByTestId("duration")).toHaveText(`Duration ${video.duration}`);
  for (const fact of video.facts) await expect(page.getByTestId("metadata-details")).toContainText(fact);
  await expect(page.getByTestId("variant").filter({ hasText: "preview" })).toHaveCount(1);
  await expect(page.locator("video")).toHaveCount(1);
  await screenshot(page, "11-video-detail");

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, "12-phone-video-detail");
  await page.setViewportSize({ width: 1280, height: 900 });

  // The song: its waveform as a seek bar over a player, duration and facts.
  await page.getByRole("link", { name: "← Back to gallery" }).click();
  await card(songName).click();
  await expect(page.getByRole("heading", { level: 1, name: songName })).toBeVisible();
  await expect(page.getByRole("slider", { name: `Seek in ${songName}` })).toHaveAttribute("data-source", "peaks");
  await expect(page.getByTestId("duration")).toHaveText(`Duration ${song.duration}`);
  for (const fact of song.facts) await expect(page.getByTestId("metadata-details")).toContainText(fact);
  await expect(page.locator("audio")).toHaveCount(1);
  await screenshot(page, "13-song-detail");

  // The photo with camera EXIF: camera, capture time on its own clock, and the location withheld.
  await page.getByRole("link", { name: "← Back to gallery" }).click();
  await card("mix-camera.jpg").click();
  const capture = page.getByTestId("metadata-capture");
  await expect(capture).toContainText("TestCam Model 1");
  await expect(capture).toContainText("2024");
  await expect(capture).toContainText("(UTC+02:00)");
  await expect(capture).toContainText("Recorded in the original; removed from every variant");
  await screenshot(page, "14-photo-camera-detail");
});
