import { describe, expect, it } from "vitest";

import { formatTags, parseTags } from "./tags";

describe("tags field", () => {
  it("reads one tag per comma and drops blanks", () => {
    expect(parseTags(" Holiday, beach ,,  2026 ,")).toEqual(["Holiday", "beach", "2026"]);
    expect(parseTags("  ")).toEqual([]);
  });

  it("writes the tags back as they are read", () => {
    expect(parseTags(formatTags(["sea side", "2026"]))).toEqual(["sea side", "2026"]);
  });
});
