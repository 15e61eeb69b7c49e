/** @vitest-environment jsdom */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { fakeRequest, renderWithApi } from "@/testing/render";

import { Gallery } from "./gallery";

function node(id: number, status = "READY", extra: Record<string, unknown> = {}) {
  return {
    id: `m${id}`,
    filename: `photo-${id}.jpg`,
    kind: "IMAGE",
    size: 1000 * id,
    tags: [] as string[],
    reprocessable: status === "READY",
    status,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
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

/** mediaList's variables when nothing narrows the list. */
const EVERYTHING = { first: 24, status: null, kind: null, tag: null, search: null, sort: "NEWEST" };

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
      { ...EVERYTHING, after: null },
      { ...EVERYTHING, after: "c2" },
    ]);
    expect(within(grid).getAllByRole("link")[0]).toHaveAttribute("href", "/items/m1");
  });

  it("filters by status and kind, sorts, and keeps it all in the address", async () => {
    const { request, calls } = fakeRequest({ MediaList: () => page([], null) });
    renderWithApi(<Gallery />, { request });
    expect(await screen.findByText("No media yet.")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Status" }), "Rejected");
    expect(await screen.findByText("Nothing matches these filters.")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Kind" }), "Videos");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Sort" }), "Largest first");
    await waitFor(() =>
      expect(calls.at(-1)?.variables).toEqual({
        ...EVERYTHING,
        after: null,
        status: "REJECTED",
        kind: "VIDEO",
        sort: "LARGEST",
      }),
    );

    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(calls.at(-1)?.variables).toEqual({ ...EVERYTHING, after: null, sort: "LARGEST" }));
    expect(screen.getByRole("combobox", { name: "Status" })).toHaveValue("");
  });

  it("starts from the filters the address names", async () => {
    const { request, calls } = fakeRequest({ MediaList: () => page([1], null) });
    renderWithApi(<Gallery />, { request, route: "/?tag=holiday&q=beach&sort=NAME&kind=NOPE" });
    await screen.findByRole("list", { name: "Media" });
    expect(calls[0]?.variables).toEqual({ ...EVERYTHING, after: null, tag: "holiday", search: "beach", sort: "NAME" });
    expect(screen.getByRole("searchbox", { name: "Search names" })).toHaveValue("beach");
    expect(screen.getByRole("combobox", { name: "Tag" })).toHaveValue("holiday");
  });

  it("searches names once typing settles, not on every key", async () => {
    const { request, calls } = fakeRequest({ MediaList: () => page([1], null) });
    renderWithApi(<Gallery />, { request });
    await screen.findByRole("list", { name: "Media" });
    await userEvent.type(screen.getByRole("searchbox", { name: "Search names" }), "  beach ");
    await waitFor(() => expect(calls.at(-1)?.variables).toEqual({ ...EVERYTHING, after: null, search: "beach" }));
    expect(calls.filter((c) => c.variables.search !== null)).toHaveLength(1);
  });

  it("selects tiles and deletes them together after a confirmation", async () => {
    let shown = [1, 2, 3];
    const { request, calls } = fakeRequest({
      MediaList: () => page(shown, null),
      DeleteMedia: (vars) => {
        shown = shown.filter((id) => `m${id}` !== vars.id);
        return { deleteMedia: true };
      },
    });
    renderWithApi(<Gallery />, { request });
    await screen.findByRole("list", { name: "Media" });
    expect(screen.queryByTestId("bulk-bar")).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("checkbox", { name: "Select photo-1.jpg" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select photo-3.jpg" }));
    const bar = screen.getByRole("region", { name: "Selected items" });
    expect(bar).toHaveTextContent("2 selected");

    await userEvent.click(within(bar).getByRole("button", { name: "Download links" }));
    const links = within(screen.getByRole("list", { name: "Download links" })).getAllByRole("link");
    expect(links.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["photo-1.jpg", "http://cdn/1.webp"],
      ["photo-3.jpg", "http://cdn/3.webp"],
    ]);
    await userEvent.keyboard("{Escape}");

    await userEvent.click(within(bar).getByRole("button", { name: "Delete…" }));
    const dialog = screen.getByRole("dialog", { name: "Delete 2 items?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));

    await waitFor(() =>
      expect(within(screen.getByRole("list", { name: "Media" })).getAllByTestId("media-card")).toHaveLength(1),
    );
    expect(calls.filter((c) => c.operation === "DeleteMedia").map((c) => c.variables.id)).toEqual(["m1", "m3"]);
    expect(screen.queryByTestId("bulk-bar")).not.toBeInTheDocument();
  });

  it("reprocesses only the selected items that can be", async () => {
    const { request, calls } = fakeRequest({
      MediaList: () => ({
        mediaList: {
          edges: [
            { cursor: "c1", node: node(1) },
            {
              cursor: "c2",
              node: node(2, "REJECTED", { variants: [], error: { code: "TYPE_MISMATCH", message: "x" } }),
            },
          ],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      }),
      ReprocessMedia: (vars) => ({ reprocessMedia: { id: vars.id, status: "QUEUED", preset: "default" } }),
    });
    renderWithApi(<Gallery />, { request });
    await screen.findByRole("list", { name: "Media" });
    await userEvent.click(screen.getByRole("checkbox", { name: "Select photo-1.jpg" }));
    await userEvent.click(screen.getByRole("button", { name: "Select all 2" }));
    const bar = screen.getByRole("region", { name: "Selected items" });
    expect(bar).toHaveTextContent("2 selected");
    await userEvent.click(within(bar).getByRole("button", { name: "Reprocess 1" }));
    expect(await within(bar).findByText(/Reprocessing 1 item\./)).toBeInTheDocument();
    expect(calls.filter((c) => c.operation === "ReprocessMedia").map((c) => c.variables)).toEqual([
      { id: "m1", preset: null },
    ]);
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
