/** @vitest-environment jsdom */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { fakeRequest, renderWithApi } from "@/testing/render";

import { Gallery } from "./gallery";

function node(id: number, status = "READY", extra: Record<string, unknown> = {}) {
  return {
    id: `m${id}`,
    filename: `photo-${id}.jpg`,
    kind: "IMAGE",
    status,
    createdAt: "2026-01-01T00:00:00Z",
    blurhash: null,
    dominantColor: null,
    metadata: null,
    error: null,
    variants: [
      {
        name: "w320",
        role: "IMAGE",
        animated: false,
        format: "webp",
        width: 320,
        height: 240,
        bytes: 1000,
        url: `http://cdn/${id}.webp`,
      },
    ],
    ...extra,
  };
}

function page(ids: number[], next: string | null) {
  return {
    mediaList: {
      edges: ids.map((id) => ({ cursor: `c${id}`, node: node(id) })),
      pageInfo: { hasNextPage: next !== null, endCursor: next },
    },
  };
}

describe("Gallery", () => {
  it("pages with Load more until there is no next page", async () => {
    const { request, calls } = fakeRequest({
      MediaList: (vars) => (vars.after === "c2" ? page([3], null) : page([1, 2], "c2")),
    });
    renderWithApi(<Gallery />, { request });

    const grid = await screen.findByRole("list", { name: "Media" });
    expect(
      within(grid)
        .getAllByRole("link")
        .map((a) => a.textContent),
    ).toEqual(["Photo: photo-1.jpg", "Photo: photo-2.jpg"]);
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));

    expect(await within(grid).findByText("photo-3.jpg")).toBeInTheDocument();
    expect(within(grid).getAllByRole("link")).toHaveLength(3);
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
    expect(calls.map((c) => c.variables)).toEqual([
      { first: 24, after: null, status: null },
      { first: 24, after: "c2", status: null },
    ]);
    expect(within(grid).getAllByRole("link")[0]).toHaveAttribute("href", "/items/m1");
  });

  it("filters by status", async () => {
    const { request, calls } = fakeRequest({ MediaList: () => page([], null) });
    renderWithApi(<Gallery />, { request });
    expect(await screen.findByText("No media yet.")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Show" }), "Rejected");
    expect(await screen.findByText('Nothing here with status "Rejected".')).toBeInTheDocument();
    expect(calls.at(-1)?.variables).toEqual({ first: 24, after: null, status: "REJECTED" });
  });

  it("shows item status and a friendly error on the tile", async () => {
    const { request } = fakeRequest({
      MediaList: () => ({
        mediaList: {
          edges: [
            {
              cursor: "c1",
              node: node(1, "REJECTED", { variants: [], error: { code: "TYPE_MISMATCH", message: "x" } }),
            },
            {
              cursor: "c2",
              node: node(2, "READY", { kind: "VIDEO", metadata: { durationS: 75.4 }, variants: [] }),
            },
          ],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      }),
    });
    renderWithApi(<Gallery />, { request });
    const grid = await screen.findByRole("list", { name: "Media" });
    expect(within(grid).getByText("Rejected")).toBeInTheDocument();
    expect(within(grid).getByText(/contents don't match its type/)).toBeInTheDocument();
    expect(within(grid).getByText("1:15")).toBeInTheDocument();
  });

  it("tells an interrupted upload from one that is on its way", async () => {
    const justNow = new Date(Date.now() - 60_000).toISOString();
    const { request } = fakeRequest({
      MediaList: () => ({
        mediaList: {
          edges: [
            { cursor: "c1", node: node(1, "AWAITING_UPLOAD", { variants: [], createdAt: "2026-01-01T00:00:00Z" }) },
            { cursor: "c2", node: node(2, "AWAITING_UPLOAD", { variants: [], createdAt: justNow }) },
          ],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      }),
    });
    renderWithApi(<Gallery />, { request });
    const grid = await screen.findByRole("list", { name: "Media" });
    const [stopped, sending] = within(grid).getAllByTestId("media-card");
    expect(stopped).toHaveTextContent("Upload interrupted");
    expect(sending).toHaveTextContent("Waiting for upload");
  });

  it("explains a failure to load and offers to try again", async () => {
    const { request } = fakeRequest({
      MediaList: () => {
        throw Object.assign(new Error("down"), { name: "GraphQLRequestError" });
      },
    });
    renderWithApi(<Gallery />, { request });
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong. Please try again.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("shows a video's poster and a song's whole waveform as their tiles, over their placeholders", async () => {
    const { request } = fakeRequest({
      MediaList: () => ({
        mediaList: {
          edges: [
            {
              cursor: "c1",
              node: node(1, "READY", {
                filename: "clip.mp4",
                kind: "VIDEO",
                blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
                dominantColor: "#322913",
                metadata: { durationS: 5.055 },
                variants: [
                  {
                    name: "poster-w320",
                    role: "POSTER",
                    animated: false,
                    format: "webp",
                    width: 320,
                    height: 180,
                    bytes: 1,
                    url: "http://cdn/p.webp",
                  },
                  {
                    name: "preview",
                    role: "PREVIEW",
                    animated: true,
                    format: "webp",
                    width: 320,
                    height: 180,
                    bytes: 1,
                    url: "http://cdn/v.webp",
                  },
                ],
              }),
            },
            {
              cursor: "c2",
              node: node(2, "READY", {
                filename: "roar.mp3",
                kind: "AUDIO",
                metadata: { durationS: 2.074 },
                variants: [
                  {
                    name: "waveform",
                    role: "WAVEFORM",
                    animated: false,
                    format: "png",
                    width: 1200,
                    height: 240,
                    bytes: 1,
                    url: "http://cdn/w.png",
                  },
                ],
              }),
            },
          ],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      }),
    });
    const { container } = renderWithApi(<Gallery />, { request });
    await screen.findByRole("list", { name: "Media" });
    const images = [...container.querySelectorAll("img")];
    expect(images.map((img) => img.getAttribute("src"))).toEqual(["http://cdn/p.webp", "http://cdn/w.png"]);
    expect(images[0]?.className).toContain("object-cover");
    expect(images[1]?.className).toContain("object-contain");
    expect(images[0]?.parentElement).toHaveAttribute("data-placeholder", "blurhash");
    expect(images[1]?.parentElement).toHaveAttribute("data-placeholder", "tint");
    expect(screen.getAllByTestId("duration").map((d) => d.textContent)).toEqual(["Duration 0:05", "Duration 0:02"]);
    // Pictures only, nothing to play yet: no play badge.
    expect(screen.queryByTestId("play-badge")).not.toBeInTheDocument();
  });

  it("badges what plays, with the rendition's own length", async () => {
    const rendition = (role: string, durationSeconds: number | null) => ({
      name: "decoy",
      role,
      animated: false,
      format: "mp4",
      width: 0,
      height: 0,
      bytes: 1,
      url: `http://cdn/${role}`,
      durationSeconds,
    });
    const edges = [
      node(1, "READY", { kind: "VIDEO", metadata: { durationS: 9 }, variants: [rendition("VIDEO", 3725.2)] }),
      node(2, "READY", { kind: "AUDIO", metadata: { durationS: 75.4 }, variants: [rendition("AUDIO", null)] }),
      node(3, "READY", { kind: "IMAGE" }),
      node(4, "PROCESSING", { kind: "VIDEO", variants: [] }),
    ].map((item) => ({ cursor: item.id, node: item }));
    const { request } = fakeRequest({
      MediaList: () => ({ mediaList: { edges, pageInfo: { hasNextPage: false, endCursor: null } } }),
    });
    renderWithApi(<Gallery />, { request });
    const grid = await screen.findByRole("list", { name: "Media" });
    const [video, song, photo, pending] = within(grid).getAllByTestId("media-card");
    expect(within(video!).getByTestId("play-badge")).toBeInTheDocument();
    expect(within(video!).getByTestId("duration")).toHaveTextContent("1:02:05");
    expect(within(song!).getByTestId("play-badge")).toBeInTheDocument();
    expect(within(song!).getByTestId("duration")).toHaveTextContent("1:15"); // no length on the rendition
    expect(within(photo!).queryByTestId("play-badge")).not.toBeInTheDocument();
    expect(within(pending!).queryByTestId("play-badge")).not.toBeInTheDocument();
  });
});
