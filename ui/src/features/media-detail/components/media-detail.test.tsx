/** @vitest-environment jsdom */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { GraphQLRequestError } from "@/lib/graphql-client";
import { fakeRequest, renderWithApi } from "@/testing/render";

import { MediaDetail } from "./media-detail";

function media(extra: Record<string, unknown> = {}) {
  return {
    id: "m1",
    filename: "cat.jpg",
    contentType: "image/jpeg",
    kind: "IMAGE",
    size: 2048,
    tags: ["pets"],
    status: "READY",
    preset: "default",
    reprocessable: true,
    createdAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:05Z",
    blurhash: null,
    dominantColor: null,
    metadata: { width: 4000, height: 3000, format: "jpeg", cameraMake: "NIKON", cameraModel: "E950" },
    error: null,
    variants: [
      {
        name: "w320",
        role: "IMAGE",
        animated: false,
        format: "webp",
        width: 320,
        height: 240,
        bytes: 12_000,
        url: "http://cdn/w320.webp",
      },
      {
        name: "w640",
        role: "IMAGE",
        animated: false,
        format: "webp",
        width: 640,
        height: 480,
        bytes: 30_000,
        url: "http://cdn/w640.webp",
      },
    ],
    history: [],
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

  it("shows the item's history as a timeline", async () => {
    const history = [
      { at: "2026-01-01T10:00:00Z", status: "AWAITING_UPLOAD", attempt: 0, code: null, note: "upload requested" },
      {
        at: "2026-01-01T10:00:05Z",
        status: "READY",
        attempt: 1,
        code: null,
        note: "attempt 1 ended: READY, 2 outputs",
      },
    ];
    const { request } = fakeRequest({ MediaDetail: () => ({ media: media({ history }) }) });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    const timeline = await screen.findByRole("list", { name: "History" });
    expect(within(timeline).getAllByRole("listitem")).toHaveLength(2);
    expect(within(timeline).getByText("attempt 1 ended: READY, 2 outputs")).toBeInTheDocument();
    expect(within(timeline).getByText("+5.00 s")).toBeInTheDocument();
  });

  it("retries a FAILED item and follows it to READY", async () => {
    let retried = false;
    const { request, calls } = fakeRequest({
      MediaDetail: () => ({
        media: retried
          ? media()
          : media({ status: "FAILED", variants: [], error: { code: "RETRIES_EXHAUSTED", message: "Gave up." } }),
      }),
      RetryProcessing: () => {
        retried = true;
        return { retryProcessing: { id: "m1", status: "PROCESSING" } };
      },
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("Processing failed after several attempts.");
    expect(screen.getByRole("alert")).toHaveTextContent("Gave up.");
    await userEvent.click(screen.getByRole("button", { name: "Retry processing" }));
    expect(calls.some((c) => c.operation === "RetryProcessing" && c.variables.id === "m1")).toBe(true);
    expect(await screen.findByText("Ready")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByRole("img", { name: "cat.jpg" })).toHaveAttribute("src", "http://cdn/w640.webp");
  });

  it("explains a retry the server refuses", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({ status: "FAILED", variants: [], error: { code: "TIMEOUT", message: "Stopped." } }),
      }),
      RetryProcessing: () => {
        throw new GraphQLRequestError("Only FAILED items can be retried.", "NOT_RETRYABLE");
      },
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("Processing took too long and was stopped.");
    await userEvent.click(screen.getByRole("button", { name: "Retry processing" }));
    expect(await screen.findByText("Only failed items can be processed again.")).toBeInTheDocument();
  });

  it("offers neither retry nor reprocess for a file REJECTED for what it is", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({
          status: "REJECTED",
          reprocessable: false,
          variants: [],
          error: { code: "CORRUPT", message: "Broken." },
        }),
      }),
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("looks damaged");
    expect(screen.getByRole("alert")).toHaveTextContent("Trying again won't help");
    expect(screen.queryByRole("button", { name: "Retry processing" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Reprocess with preset…" })).not.toBeInTheDocument();
    // A rejected file will never have outputs: no "yet".
    expect(screen.getByText("No variants: the file was rejected.")).toBeInTheDocument();
  });

  it("offers reprocess for a file REJECTED by a limit", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({ status: "REJECTED", variants: [], error: { code: "TOO_MANY_PIXELS", message: "Too big." } }),
      }),
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("too many pixels");
    expect(screen.getByRole("alert")).toHaveTextContent("if the limits have changed, reprocess it");
    expect(screen.queryByRole("button", { name: "Retry processing" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reprocess with preset…" })).toBeInTheDocument();
  });

  it("reprocesses with a chosen preset, showing the old outputs until the new ones are in", async () => {
    let phase: "ready" | "reprocessing" | "done" = "ready";
    const thumb = {
      name: "w160",
      role: "IMAGE",
      animated: false,
      format: "webp",
      width: 160,
      height: 160,
      bytes: 5_000,
      url: "http://cdn/t160.webp",
    };
    const { request, calls } = fakeRequest({
      MediaDetail: () => {
        if (phase === "ready") return { media: media() };
        if (phase === "reprocessing") {
          phase = "done";
          return { media: media({ status: "PROCESSING", preset: "thumbnail", reprocessable: false }) };
        }
        return { media: media({ preset: "thumbnail", variants: [thumb] }) };
      },
      Presets: () => ({
        presets: [
          { name: "default", description: "Responsive sizes" },
          { name: "thumbnail", description: "Small square thumbnails" },
        ],
      }),
      ReprocessMedia: () => {
        phase = "reprocessing";
        return { reprocessMedia: { id: "m1", status: "PROCESSING", preset: "thumbnail" } };
      },
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    await userEvent.click(await screen.findByRole("button", { name: "Reprocess with preset…" }));
    const form = screen.getByRole("form", { name: "Reprocess" });
    const select = within(form).getByLabelText("Preset");
    await vi.waitFor(() => expect(within(select).getAllByRole("option")).toHaveLength(2));
    expect(select).toHaveValue("default");
    await userEvent.selectOptions(select, "thumbnail");
    await userEvent.click(within(form).getByRole("button", { name: "Reprocess" }));

    await vi.waitFor(() =>
      expect(calls.find((c) => c.operation === "ReprocessMedia")?.variables).toEqual({ id: "m1", preset: "thumbnail" }),
    );
    // While it is being remade, the old picture stays on show (no spinner in its place).
    expect(await screen.findByText("Processing")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "cat.jpg" })).toHaveAttribute("src", "http://cdn/w640.webp");
    expect(screen.queryByRole("button", { name: "Reprocess with preset…" })).not.toBeInTheDocument();
    // Then the new outputs replace the old.
    expect(await screen.findByText("Ready", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "cat.jpg" })).toHaveAttribute("src", "http://cdn/t160.webp");
  });

  it("says an upload that stopped can be resumed or deleted, never that it is processing", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({ media: media({ status: "AWAITING_UPLOAD", variants: [], reprocessable: false }) }),
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByText("Upload interrupted")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Pick the same file again in the gallery to resume it");
    expect(screen.queryByText("Processing…")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Delete…" })).toBeInTheDocument();
  });

  it("explains a reprocess the server refuses", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({ media: media() }),
      Presets: () => ({ presets: [{ name: "default", description: "" }] }),
      ReprocessMedia: () => {
        throw new GraphQLRequestError("Too many.", "RATE_LIMITED");
      },
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    await userEvent.click(await screen.findByRole("button", { name: "Reprocess with preset…" }));
    await userEvent.click(screen.getByRole("button", { name: "Reprocess" }));
    expect(await screen.findByText("That's a lot at once. Wait a moment, then try again.")).toBeInTheDocument();
  });

  it("links each tag to the gallery filtered by it, and renames and re-tags the item", async () => {
    let current = media();
    const { request, calls } = fakeRequest({
      MediaDetail: () => ({ media: current }),
      UpdateMedia: (vars) => {
        const input = vars.input as { filename: string; tags: string[] };
        current = media({ filename: input.filename, tags: input.tags });
        return {
          updateMedia: { id: "m1", filename: input.filename, tags: input.tags, updatedAt: "2026-01-02T00:00:00Z" },
        };
      },
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("link", { name: "Show everything tagged pets" })).toHaveAttribute(
      "href",
      "/?tag=pets",
    );

    await userEvent.click(screen.getByRole("button", { name: "Rename or tag…" }));
    const form = screen.getByRole("form", { name: "Rename or tag" });
    const name = within(form).getByLabelText("Name");
    await userEvent.clear(name);
    await userEvent.type(name, "whiskers.jpg");
    const tags = within(form).getByLabelText("Tags");
    await userEvent.clear(tags);
    await userEvent.type(tags, "Pets, garden,  pets");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("heading", { level: 1, name: "whiskers.jpg" })).toBeInTheDocument();
    expect(calls.find((c) => c.operation === "UpdateMedia")?.variables).toEqual({
      id: "m1",
      input: { filename: "whiskers.jpg", tags: ["Pets", "garden", "pets"] },
    });
    expect(screen.queryByRole("form", { name: "Rename or tag" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Show everything tagged garden" })).toBeInTheDocument();
  });

  it("keeps the form and says why when the server refuses a name", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({ media: media() }),
      UpdateMedia: () => {
        throw new GraphQLRequestError("A name needs at least one visible character.", "INVALID_INPUT");
      },
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    await userEvent.click(await screen.findByRole("button", { name: "Rename or tag…" }));
    const form = screen.getByRole("form", { name: "Rename or tag" });
    await userEvent.type(within(form).getByLabelText("Name"), " ");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("A name needs at least one visible character.");
    expect(within(form).getByRole("button", { name: "Save" })).toBeEnabled();
  });

  it("opens the item in a lightbox kept in the address, and Close returns to the page", async () => {
    const { request } = fakeRequest({ MediaDetail: () => ({ media: media() }) });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request, route: "/media/m1" });
    await userEvent.click(await screen.findByRole("button", { name: "View larger" }));
    const lightbox = screen.getByRole("dialog", { name: "cat.jpg" });
    expect(within(lightbox).getByTestId("lightbox").querySelector("img")).not.toBeNull();
    await userEvent.click(within(lightbox).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog", { name: "cat.jpg" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "View larger" })).toBeInTheDocument();
  });

  it("opens straight in the lightbox from ?view=full", async () => {
    const { request } = fakeRequest({ MediaDetail: () => ({ media: media() }) });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request, route: "/media/m1?view=full" });
    expect(await screen.findByRole("dialog", { name: "cat.jpg" })).toBeInTheDocument();
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

  it("shows a video's poster, its animated preview and duration, and no player", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({
          filename: "clip.mp4",
          kind: "VIDEO",
          dominantColor: "#322913",
          metadata: { durationS: 5.055, width: 960, height: 540, videoCodec: "h264", frameRate: 29.97 },
          variants: [
            {
              name: "poster-w960",
              role: "POSTER",
              animated: false,
              format: "webp",
              width: 960,
              height: 540,
              bytes: 9_000,
              url: "http://cdn/p960.webp",
            },
            {
              name: "poster-w320",
              role: "POSTER",
              animated: false,
              format: "webp",
              width: 320,
              height: 180,
              bytes: 3_000,
              url: "http://cdn/p320.webp",
            },
            {
              name: "poster-w320",
              role: "POSTER",
              animated: false,
              format: "jpeg",
              width: 320,
              height: 180,
              bytes: 4_000,
              url: "http://cdn/p320.jpg",
            },
            {
              name: "preview",
              role: "PREVIEW",
              animated: true,
              format: "webp",
              width: 320,
              height: 180,
              bytes: 90_000,
              url: "http://cdn/preview.webp",
            },
          ],
        }),
      }),
    });
    const { container } = renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    const poster = await screen.findByRole("img", { name: "Poster of clip.mp4" });
    expect(poster).toHaveAttribute("src", "http://cdn/p960.webp");
    expect(poster.parentElement).toHaveAttribute("data-placeholder", "color");
    const preview = screen.getByRole("img", { name: "Animated preview of clip.mp4" });
    expect(preview.closest("picture")?.querySelector("source")).toHaveAttribute("srcset", "http://cdn/preview.webp");
    expect(preview).toHaveAttribute("src", "http://cdn/p320.webp");
    expect(screen.getByTestId("duration")).toHaveTextContent("0:05");
    expect(screen.getByText("H.264")).toBeInTheDocument();
    expect(screen.getByText("29.97 fps")).toBeInTheDocument();
    expect(container.querySelector("video, audio")).toBeNull();
    expect(within(screen.getByRole("list", { name: "Variants" })).getAllByRole("listitem")).toHaveLength(4);
  });

  it("shows a song's waveform, title and duration, and no player", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({
          filename: "song.mp3",
          kind: "AUDIO",
          metadata: {
            durationS: 200,
            codec: "mp3",
            sampleRate: 44100,
            channels: 2,
            tags: { title: "Roar", artist: "T. Rex" },
          },
          variants: [
            {
              name: "waveform",
              role: "WAVEFORM",
              animated: false,
              format: "png",
              width: 1200,
              height: 240,
              bytes: 4_000,
              url: "http://cdn/wave.png",
            },
          ],
        }),
      }),
    });
    const { container } = renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    const waveform = await screen.findByRole("img", { name: "Waveform of song.mp3" });
    expect(waveform).toHaveAttribute("src", "http://cdn/wave.png");
    expect(waveform.parentElement).toHaveAttribute("data-placeholder", "tint");
    expect(screen.getByText("Roar — T. Rex")).toBeInTheDocument();
    expect(screen.getByTestId("duration")).toHaveTextContent("3:20");
    expect(screen.getByText("44.1 kHz")).toBeInTheDocument();
    expect(screen.getByText("Stereo")).toBeInTheDocument();
    expect(within(screen.getByTestId("metadata-tags")).getByText("T. Rex")).toBeInTheDocument();
    expect(container.querySelector("video, audio")).toBeNull();
  });

  it("plays an animated image, with its still as the fallback", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({
          filename: "loop.gif",
          metadata: { width: 370, height: 285, animated: true, frames: 10, durationMs: 42_000, loop: 3 },
          variants: [
            {
              name: "w370",
              role: "IMAGE",
              animated: false,
              format: "webp",
              width: 370,
              height: 285,
              bytes: 600,
              url: "http://cdn/w370.webp",
            },
            {
              name: "animated",
              role: "IMAGE",
              animated: true,
              format: "webp",
              width: 370,
              height: 285,
              bytes: 14_000,
              url: "http://cdn/anim.webp",
            },
          ],
        }),
      }),
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    const image = await screen.findByRole("img", { name: "loop.gif" });
    expect(image).toHaveAttribute("src", "http://cdn/w370.webp");
    const source = image.closest("picture")?.querySelector("source");
    expect(source).toHaveAttribute("srcset", "http://cdn/anim.webp");
    expect(source).toHaveAttribute("media", "(prefers-reduced-motion: no-preference)");
    expect(screen.getByText("Yes: 10 frames, 42 s, plays 3 times")).toBeInTheDocument();
  });

  it("explains TOO_COMPLEX without offering a retry", async () => {
    const { request } = fakeRequest({
      MediaDetail: () => ({
        media: media({
          status: "REJECTED",
          variants: [],
          error: { code: "TOO_COMPLEX", message: "Processing took longer than 45 s." },
        }),
      }),
    });
    renderWithApi(<MediaDetail id="m1" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("longer to process than the time limit allows");
    expect(screen.getByRole("alert")).toHaveTextContent("Processing took longer than 45 s.");
    expect(screen.queryByRole("button", { name: "Retry processing" })).not.toBeInTheDocument();
  });

  it("says so when the item does not exist", async () => {
    const { request } = fakeRequest({ MediaDetail: () => ({ media: null }) });
    renderWithApi(<MediaDetail id="nope" onDeleted={vi.fn()} />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("This item doesn't exist, or it was deleted.");
  });
});
