/** @vitest-environment jsdom */
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import { cachedLists, isItemNavigationKey, neighboursIn } from "./neighbours";
import { queryKeys } from "./query-keys";

const item = (id: string) => ({ id, filename: `${id}.jpg` });

describe("neighboursIn", () => {
  it("names the items either side and the position", () => {
    const list = ["a", "b", "c"].map(item);
    expect(neighboursIn(list, "b")).toEqual({ previous: item("a"), next: item("c"), position: 2, total: 3 });
    expect(neighboursIn(list, "a")).toMatchObject({ previous: null, next: item("b"), position: 1 });
    expect(neighboursIn(list, "c")).toMatchObject({ previous: item("b"), next: null, position: 3 });
    expect(neighboursIn(list, "z")).toBeNull();
  });
});

describe("cachedLists", () => {
  it("reads every cached gallery list, the most recently fetched first", () => {
    const client = new QueryClient();
    const pages = (ids: string[]) => ({
      pages: [{ edges: ids.map((id) => ({ node: item(id) })) }],
      pageParams: [null],
    });
    client.setQueryData([...queryKeys.mediaList, { sort: "NEWEST" }], pages(["a", "b"]), { updatedAt: 1 });
    client.setQueryData([...queryKeys.mediaList, { sort: "NAME" }], pages(["b", "c"]), { updatedAt: 2 });
    client.setQueryData(queryKeys.usage, { items: 3 });
    expect(cachedLists(client).map((list) => list.map((entry) => entry.id))).toEqual([
      ["b", "c"],
      ["a", "b"],
    ]);
  });
});

describe("isItemNavigationKey", () => {
  const press = (key: string, target: Element = document.body, init: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent("keydown", { key, bubbles: true, ...init });
    Object.defineProperty(event, "target", { value: target });
    return isItemNavigationKey(event);
  };

  it("maps the arrows to the previous and next item", () => {
    expect(press("ArrowLeft")).toBe("previous");
    expect(press("ArrowRight")).toBe("next");
    expect(press("Enter")).toBeNull();
    expect(press("ArrowRight", document.body, { altKey: true })).toBeNull();
  });

  it("leaves the arrows to fields, sliders and players", () => {
    for (const html of ["<input>", "<select></select>", "<video></video>", '<div role="slider"></div>']) {
      const host = document.createElement("div");
      host.innerHTML = html;
      expect(press("ArrowLeft", host.firstElementChild!)).toBeNull();
    }
  });
});
