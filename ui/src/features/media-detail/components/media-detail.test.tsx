/** @vitest-environment jsdom */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { fakeRequest, renderWithApi } from "@/testing/render";

import { MediaDetail } from "./media-detail";

function media(extra: Record<string, unknown> = {}) {
  return {
    id: "m1",
    filename: "cat.jpg",
    contentType: "image/jpeg",
    kind: "IMAGE",
    size: 2048,
    status: "READY",
    preset: "default",
    createdAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:05Z",
    blurhash: null,
    metadata: { width: 4000, height: 3000, format: "jpeg", cameraMake: "NIKON", cameraModel: "E950" },
    error: null,
    variants: [
      { name: "w320", format: "webp", width: 320, height: 240, bytes: 12_000, url: "http://cdn/w320.webp" },
      { name: "w640", format: "webp", width: 640, height: 480, bytes: 30_000, url: "http://cdn/w640.webp" },
    ],
    ...extra,
  };
}

describe("MediaDetail", () => {
  it("lists every variant and the metadata", async () => {
    const { request } = fakeRequest({ MediaDetail: () => ({ media: media() }) });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("heading", { level: 1, name: "cat.jpg" })).toBeInTheDocument();
    const variants = within(screen.getByRole("list", { name: "Variants" })).getAllByRole("listitem");
    expect(variants.map((v) => v.textContent)).toEqual([
      expect.stringContaining("w640 webp640 × 480 · 29.3 KB"),
      expect.stringContaining("w320 webp320 × 240 · 11.7 KB"),
    ]);
    expect(screen.getByRole("link", { name: "Open w640 webp in a new tab" })).toHaveAttribute(
      "href",
      "http://cdn/w640.webp",
    );
    expect(screen.getByText("4000 × 3000 px")).toBeInTheDocument();
    expect(screen.getByText("NIKON E950")).toBeInTheDocument();
  });

  it("offers retry for a FAILED item", async () => {
    const { request, calls } = fakeRequest({
      MediaDetail: () => ({
        media: media({ status: "FAILED", variants: [], error: { code: "RETRIES_EXHAUSTED", message: "Gave up." } }),
      }),
      RetryProcessing: () => ({ retryProcessing: { id: "m1", status: "PROCESSING" } }),
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("Processing failed after several attempts.");
    await userEvent.click(screen.getByRole("button", { name: "Retry processing" }));
    expect(calls.some((c) => c.operation === "RetryProcessing" && c.variables.id === "m1")).toBe(true);
  });

  it("does not offer retry for a REJECTED item", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({ status: "REJECTED", variants: [], error: { code: "TOO_MANY_PIXELS", message: "Too big." } }),
      }),
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("too many pixels");
    expect(screen.getByRole("alert")).toHaveTextContent("Trying again won't help");
    expect(screen.queryByRole("button", { name: "Retry processing" })).not.toBeInTheDocument();
  });

  it("deletes only after confirmation", async () => {
    const onDeleted = vi.fn();
    const { request, calls } = fakeRequest({
      MediaDetail: () => ({ media: media() }),
      DeleteMedia: () => ({ deleteMedia: true }),
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={onDeleted} />, { request });
    await userEvent.click(await screen.findByRole("button", { name: "Delete…" }));
    const dialog = screen.getByRole("dialog", { name: "Delete cat.jpg?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(calls.some((c) => c.operation === "DeleteMedia")).toBe(false);

    await userEvent.click(screen.getByRole("button", { name: "Delete…" }));
    await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    await vi.waitFor(() => expect(onDeleted).toHaveBeenCalledWith("cat.jpg"));
  });

  it("shows a video's poster, player and duration", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({
          filename: "clip.mp4",
          kind: "VIDEO",
          metadata: { durationSeconds: 9.6, width: 1280, height: 720 },
          variants: [
            { name: "poster", format: "jpeg", width: 640, height: 360, bytes: 9_000, url: "http://cdn/poster.jpg" },
            { name: "h264", format: "mp4", width: 640, height: 360, bytes: 90_000, url: "http://cdn/clip.mp4" },
          ],
        }),
      }),
    });
    const { container } = renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    await screen.findByRole("heading", { level: 1, name: "clip.mp4" });
    const video = container.querySelector("video");
    expect(video).toHaveAttribute("poster", "http://cdn/poster.jpg");
    expect(video?.querySelector("source")).toHaveAttribute("type", "video/mp4");
    expect(screen.getByText("0:10")).toBeInTheDocument();
  });

  it("shows a song's waveform, player and duration", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({
          filename: "song.mp3",
          kind: "AUDIO",
          metadata: { durationSeconds: 200, sampleRate: 44100, channels: 2 },
          variants: [
            { name: "waveform", format: "png", width: 800, height: 200, bytes: 4_000, url: "http://cdn/wave.png" },
            { name: "aac", format: "m4a", width: 0, height: 0, bytes: 900_000, url: "http://cdn/song.m4a" },
          ],
        }),
      }),
    });
    const { container } = renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("img", { name: "Waveform of song.mp3" })).toHaveAttribute(
      "src",
      "http://cdn/wave.png",
    );
    expect(container.querySelector("audio source")).toHaveAttribute("src", "http://cdn/song.m4a");
    expect(screen.getByText("3:20")).toBeInTheDocument();
    expect(screen.getByText("44.1 kHz")).toBeInTheDocument();
    expect(screen.getByText("Stereo")).toBeInTheDocument();
  });

  it("says so when the item does not exist", async () => {
    const { request } = fakeRequest({ MediaDetail: () => ({ media: null }) });
    renderWithApi(<MediaDetail id="nope" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("This item doesn't exist, or it was deleted.");
  });
});
