/** @vitest-environment jsdom */
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { fakeRequest, renderWithApi } from "@/testing/render";

import type { MediaDetail } from "../api/media-detail";

import { MediaPreview } from "./media-preview";

const PEAKS = {
  version: 2,
  channels: 1,
  sample_rate: 48000,
  samples_per_pixel: 4800,
  bits: 8,
  length: 4,
  data: [-64, 64, -128, 127, 0, 0, -32, 16],
};

const variant = (extra: Partial<MediaDetail["variants"][number]>): MediaDetail["variants"][number] => ({
  name: "decoy",
  role: "IMAGE",
  contentType: "image/png",
  animated: false,
  format: "png",
  width: 0,
  height: 0,
  bytes: 1000,
  url: "http://cdn/x",
  urlExpiresAt: "2099-01-01T00:00:00Z",
  durationSeconds: null,
  bitrate: null,
  codecs: null,
  ...extra,
});

const OPUS = variant({
  role: "AUDIO",
  contentType: "audio/ogg",
  format: "ogg",
  codecs: "opus",
  url: "http://cdn/audio-opus.ogg",
  bytes: 20_000,
  durationSeconds: 60,
});
const M4A = variant({
  role: "AUDIO",
  contentType: "audio/mp4",
  format: "m4a",
  codecs: "mp4a.40.2",
  url: "http://cdn/audio-m4a.m4a",
  bytes: 30_000,
  durationSeconds: 60,
});
const WAVEFORM = variant({ role: "WAVEFORM", width: 1200, height: 240, url: "http://cdn/waveform.png" });
const PEAKS_VARIANT = variant({
  role: "PEAKS",
  contentType: "application/json",
  format: "json",
  url: "http://cdn/p.json?s=1",
});

function song(variants = [WAVEFORM, OPUS, M4A, PEAKS_VARIANT]): MediaDetail {
  return {
    id: "s1",
    filename: "memo.wav",
    contentType: "audio/wav",
    kind: "AUDIO",
    tags: [],
    size: 5000,
    status: "READY",
    preset: "default",
    reprocessable: true,
    createdAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:05Z",
    blurhash: null,
    dominantColor: null,
    metadata: { durationS: 60.2, loudnessLufs: -14.23, tags: { title: "Memo" } },
    error: null,
    history: [],
    variants,
  };
}

function renderSong(media = song()) {
  const { request } = fakeRequest({});
  return renderWithApi(<MediaPreview media={media} />, { request });
}

/** A 2D context that records the colour of every bar it is asked to fill. */
function recordCanvas() {
  const fills: unknown[][] = [];
  const painter = {
    fillStyle: "" as unknown,
    clearRect: () => fills.push([]),
    fillRect() {
      fills.at(-1)?.push(this.fillStyle);
    },
  };
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(painter as unknown as CanvasRenderingContext2D);
  return fills;
}

describe("AudioPlayer", () => {
  beforeEach(() => {
    vi.spyOn(HTMLMediaElement.prototype, "load").mockImplementation(() => undefined);
  });

  it("offers the M4A first and the Opus, typed, with the length, the loudness and downloads", async () => {
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(JSON.stringify(PEAKS)));
    const { container } = renderSong();
    const audio = screen.getByLabelText("Audio: memo.wav");
    expect(audio).toHaveAttribute("controls");
    expect(
      [...container.querySelectorAll("audio source")].map((s) => [s.getAttribute("src"), s.getAttribute("type")]),
    ).toEqual([
      ["http://cdn/audio-m4a.m4a", 'audio/mp4; codecs="mp4a.40.2"'],
      ["http://cdn/audio-opus.ogg", 'audio/ogg; codecs="opus"'],
    ]);
    expect(screen.getByTestId("duration")).toHaveTextContent("Duration 1:00");
    expect(screen.getByTestId("loudness")).toHaveTextContent("Loudness \u221214.2 LUFS");
    expect(screen.getByText("Memo")).toBeInTheDocument();
    const downloads = within(screen.getByRole("list", { name: "Downloads" })).getAllByRole("link");
    expect(downloads.map((a) => [a.textContent, a.getAttribute("download")])).toEqual([
      ["Download M4A (29.3 KB)", "memo.m4a"],
      ["Download Opus (19.5 KB)", "memo.opus"],
    ]);
    await waitFor(() => expect(screen.getByTestId("waveform")).toHaveAttribute("data-source", "peaks"));
    expect(fetch).toHaveBeenCalledWith("http://cdn/p.json?s=1", expect.anything());
  });

  it("draws the peaks, the played part in its own colour, and seeks by key and by click", async () => {
    const fills = recordCanvas();
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(JSON.stringify(PEAKS)));
    renderSong();
    const slider = screen.getByRole("slider", { name: "Seek in memo.wav" });
    await waitFor(() => expect(slider).toHaveAttribute("data-source", "peaks"));
    expect(fills.at(-1)?.every((style) => style === "#94a3b8")).toBe(true); // nothing played yet
    expect(slider).toHaveAttribute("aria-valuemax", "60");
    expect(slider).toHaveAttribute("aria-valuenow", "0");

    const audio = screen.getByLabelText<HTMLAudioElement>("Audio: memo.wav");
    slider.focus();
    await userEvent.keyboard("{ArrowRight}");
    expect(audio.currentTime).toBe(5);
    expect(slider).toHaveAttribute("aria-valuenow", "5");
    expect(slider).toHaveAttribute("aria-valuetext", "0:05 of 1:00");
    await userEvent.keyboard("{End}");
    expect(audio.currentTime).toBe(60);

    vi.spyOn(slider, "getBoundingClientRect").mockReturnValue({ left: 100, width: 400 } as DOMRect);
    fireEvent.pointerDown(slider, { clientX: 200 });
    expect(audio.currentTime).toBe(15);
    const last = fills.at(-1) ?? [];
    expect(last.slice(0, 50).every((style) => style === "#4f46e5")).toBe(true); // the first quarter played
    expect(last.slice(100).every((style) => style === "#94a3b8")).toBe(true);

    // As playback moves on, so does the slider.
    audio.currentTime = 30;
    fireEvent.timeUpdate(audio);
    expect(slider).toHaveAttribute("aria-valuenow", "30");
  });

  it("falls back to the waveform picture when the peaks are missing or not audiowaveform's", async () => {
    vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response(JSON.stringify({ version: 2, data: "?" })));
    const { unmount } = renderSong();
    await waitFor(() => expect(screen.getByTestId("waveform")).toHaveAttribute("data-source", "image"));
    unmount();

    renderSong(song([WAVEFORM, M4A]));
    expect(screen.getByTestId("waveform")).toHaveAttribute("data-source", "image");
    expect(screen.getByTestId("waveform").querySelector("img")).toHaveAttribute("src", "http://cdn/waveform.png");
  });

  it("shows the waveform picture of a song without renditions", () => {
    renderSong(song([WAVEFORM]));
    expect(screen.queryByLabelText("Audio: memo.wav")).not.toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Waveform of memo.wav" })).toBeInTheDocument();
  });
});
