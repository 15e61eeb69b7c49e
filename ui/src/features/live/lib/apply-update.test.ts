import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import type { LiveMedia } from "@/lib/live/live-media";

import { mergeIntoDetail, mergeIntoPages } from "./apply-update";

type Node = { id: string; status: string; updatedAt: string };
type Page = { edges: { cursor: string; node: Node }[] };

const node = (id: string, status: string, updatedAt: string): Node => ({ id, status, updatedAt });
const pages = (...nodes: Node[]): InfiniteData<Page> => ({
  pages: [{ edges: nodes.map((n) => ({ cursor: n.id, node: n })) }],
  pageParams: [null],
});
const pushed = (id: string, status: string, updatedAt: string) => ({ id, status, updatedAt }) as unknown as LiveMedia;

describe("mergeIntoPages", () => {
  it("replaces the listed item with a newer push and leaves the others", () => {
    const merged = mergeIntoPages(
      pages(node("a", "PROCESSING", "1"), node("b", "READY", "1")),
      pushed("a", "READY", "2"),
    );
    expect(merged.found).toBe(true);
    expect(merged.data?.pages[0]?.edges.map((e) => e.node.status)).toEqual(["READY", "READY"]);
  });

  it("ignores an older or repeated push, and says when the list does not hold the item", () => {
    const held = pages(node("a", "READY", "3"));
    expect(mergeIntoPages(held, pushed("a", "PROCESSING", "2")).data).toBe(held);
    expect(mergeIntoPages(held, pushed("new", "AWAITING_UPLOAD", "4")).found).toBe(false);
  });
});

describe("mergeIntoDetail", () => {
  it("keeps the detail's own fields and takes the push's newer ones", () => {
    const held = { ...node("a", "PROCESSING", "1"), reprocessable: false };
    expect(mergeIntoDetail(held, pushed("a", "READY", "2"))).toEqual({ ...held, status: "READY", updatedAt: "2" });
    expect(mergeIntoDetail(held, pushed("a", "READY", "0"))).toBe(held);
    expect(mergeIntoDetail(null, pushed("a", "READY", "2"))).toBeNull();
  });
});
