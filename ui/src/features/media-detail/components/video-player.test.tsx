/** @vitest-environment jsdom */
import { act, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { fakeRequest, renderWithApi } from "@/testing/render";

import type { MediaDetail } from "../api/media-detail";

import { MediaPreview } from "./media-preview";

// hls.js needs Media Source Extensions, which jsdom has not: a stand-in that records what it is told.
const hls = vi.hoisted(() => ({
  supported: true,
  instances: [] as {
    loadSource: ReturnType<typeof vi.fn>;
    attachMedia: ReturnType<typeof vi.fn>;
    destroy: ReturnType<typeof vi.fn>;
    emit: (event: string, data: unknown) => void;
  }[],
}));
vi.mock("hls.js", () => {
  class FakeHls {
    static Events = { ERROR: "hlsError" };
    static isSupported = () => hls.supported;
    private handlers = new Map<string, (event: string, data: unknown) => void>();
    loadSource = vi.fn();
    attachMedia = vi.fn();
    destroy = vi.fn();
    constructor() {
      hls.instances.push(this);
    }
    on(event: string, handler: (event: string, data: unknown) => void) {
      this.handlers.set(event, handler);
    }
    emit(event: string, data: unknown) {
      this.handlers.get(event)?.(event, data);
    }
  }
  return { default: FakeHls };
});

const STREAM = "http://cdn/media/o/m1/hls/master.m3u8?Policy=p&Signature=s&Key-Pair-Id=k";
const MP4 = "http://cdn/media/o/m1/video.mp4?Expires=1";

const variant = (extra: Partial<MediaDetail["variants"][number]>): MediaDetail["variants"][number] => ({
  name: "decoy", // clients go by role and type: names here mean nothing
  role: "IMAGE",
  contentType: "image/webp",
  animated: false,
  format: "webp",
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

function clip(variants?: MediaDetail["variants"]): MediaDetail {
  return {
    id: "m1",
    filename: "holiday.mov",
    contentType: "video/quicktime",
    kind: "VIDEO",
    tags: [],
    size: 5000,
    status: "READY",
    preset: "default",
    reprocessable: true,
    createdAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:05Z",
    blurhash: null,
    dominantColor: null,
    metadata: { durationS: 3.2 },
    error: null,
    history: [],
    variants: variants ?? [
      variant({ role: "POSTER", width: 320, height: 180, url: "http://cdn/poster-320.webp" }),
      variant({ role: "POSTER", width: 960, height: 540, url: "http://cdn/poster-960.webp" }),
      variant({ role: "PREVIEW", animated: true, width: 320, height: 180, url: "http://cdn/preview.webp" }),
      variant({
        role: "VIDEO",
        contentType: "video/mp4",
        format: "mp4",
        width: 640,
        height: 360,
        bytes: 1_234_567,
        url: MP4,
        durationSeconds: 3.04,
        codecs: "avc1.64001f,mp4a.40.2",
      }),
      variant({
        role: "STREAM",
        contentType: "application/vnd.apple.mpegurl",
        format: "m3u8",
        url: STREAM,
        durationSeconds: 3.04,
      }),
    ],
  };
}

function renderClip(media = clip()) {
  const { request } = fakeRequest({});
  return renderWithApi(<MediaPreview media={media} />, { request });
}

const video = () => screen.getByLabelText<HTMLVideoElement>("Video: holiday.mov");

describe("VideoPlayer", () => {
  beforeEach(() => {
    hls.supported = true;
    hls.instances = [];
    // jsdom implements neither loading nor playing media.
    vi.spyOn(HTMLMediaElement.prototype, "load").mockImplementation(() => undefined);
    vi.spyOn(HTMLMediaElement.prototype, "canPlayType").mockReturnValue("");
  });

  it("plays the stream through hls.js under the largest poster, and offers the MP4", async () => {
    renderClip();
    await waitFor(() => expect(video()).toHaveAttribute("data-engine", "hls.js"));
    expect(video()).toHaveAttribute("poster", "http://cdn/poster-960.webp");
    expect(video()).toHaveAttribute("controls");
    const [instance] = hls.instances;
    expect(instance?.loadSource).toHaveBeenCalledWith(STREAM);
    expect(instance?.attachMedia).toHaveBeenCalledWith(video());
    const download = screen.getByRole("link", { name: /Download MP4/ });
    expect(download).toHaveAttribute("href", MP4);
    expect(download).toHaveAttribute("download", "holiday.mp4");
    expect(download).toHaveTextContent("(1.2 MB)");
    expect(screen.getByTestId("duration")).toHaveTextContent("Duration 0:03");
    expect(screen.queryByText(/aren't played here/)).not.toBeInTheDocument();
    expect(screen.queryByRole("img", { name: /Animated preview/ })).not.toBeInTheDocument();
  });

  it("falls back to the MP4 on a fatal hls.js error, not on one it recovers from", async () => {
    renderClip();
    await waitFor(() => expect(hls.instances).toHaveLength(1));
    const [instance] = hls.instances;
    act(() => instance?.emit("hlsError", { fatal: false, details: "fragLoadTimeOut" }));
    expect(video()).toHaveAttribute("data-engine", "hls.js");
    act(() => instance?.emit("hlsError", { fatal: true, details: "manifestLoadError" }));
    expect(instance?.destroy).toHaveBeenCalled();
    expect(video()).toHaveAttribute("data-engine", "file");
    expect(video().getAttribute("src")).toBe(MP4);
  });

  it("plays the stream natively where there is no MSE but the browser plays HLS", async () => {
    hls.supported = false;
    vi.mocked(HTMLMediaElement.prototype.canPlayType).mockImplementation((type) =>
      type === "application/vnd.apple.mpegurl" ? "maybe" : "",
    );
    renderClip();
    await waitFor(() => expect(video()).toHaveAttribute("data-engine", "native-hls"));
    expect(video().getAttribute("src")).toBe(STREAM);
    expect(hls.instances).toHaveLength(0);
  });

  it("plays the MP4 where neither is there, and the MP4 alone when there is no stream", async () => {
    hls.supported = false;
    const { unmount } = renderClip();
    await waitFor(() => expect(video()).toHaveAttribute("data-engine", "file"));
    expect(video().getAttribute("src")).toBe(MP4);
    unmount();

    hls.supported = true;
    renderClip(clip(clip().variants.filter((v) => v.role !== "STREAM")));
    await waitFor(() => expect(video()).toHaveAttribute("data-engine", "file"));
    expect(hls.instances).toHaveLength(0);
  });

  it("says so when the MP4 fails too", async () => {
    hls.supported = false;
    renderClip();
    await waitFor(() => expect(video()).toHaveAttribute("data-engine", "file"));
    Object.defineProperty(video(), "error", { value: { code: 4 }, configurable: true });
    act(() => {
      video().dispatchEvent(new Event("error"));
    });
    expect(screen.getByRole("alert")).toHaveTextContent("This browser can't play the video");
  });

  it("destroys hls.js and lets go of the source when it goes", async () => {
    const { unmount } = renderClip();
    await waitFor(() => expect(hls.instances).toHaveLength(1));
    const element = video();
    unmount();
    expect(hls.instances[0]?.destroy).toHaveBeenCalled();
    expect(element).not.toHaveAttribute("src");
  });

  it("shows the poster and the animated preview of a video without renditions", () => {
    renderClip(clip(clip().variants.filter((v) => v.role !== "STREAM" && v.role !== "VIDEO")));
    expect(screen.queryByLabelText("Video: holiday.mov")).not.toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Poster of holiday.mov" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Animated preview of holiday.mov" })).toBeInTheDocument();
    expect(screen.getByTestId("duration")).toHaveTextContent("0:03");
  });
});
