import { describe, expect, it } from "vitest";

import { emptyListText, filtersFromParams, isFiltered, NO_FILTERS, paramsFromFilters } from "./list-filters";

describe("list filters in the address", () => {
  it("round-trips every filter and the order", () => {
    const filters = { status: "READY", kind: "VIDEO", tag: "holiday", search: "beach day", sort: "NAME" } as const;
    const params = paramsFromFilters(filters);
    expect(params.toString()).toBe("status=READY&kind=VIDEO&tag=holiday&q=beach+day&sort=NAME");
    expect(filtersFromParams(params)).toEqual(filters);
  });

  it("keeps nothing for everything newest first, and ignores what it does not know", () => {
    expect(paramsFromFilters(NO_FILTERS).toString()).toBe("");
    const odd = filtersFromParams(new URLSearchParams("status=LOST&kind=pdf&sort=random&q=%20%20&tag="));
    expect(odd).toEqual(NO_FILTERS);
    expect(isFiltered(odd)).toBe(false);
  });

  it("says why a list is empty", () => {
    expect(emptyListText(NO_FILTERS).title).toBe("No media yet.");
    expect(emptyListText({ ...NO_FILTERS, search: "x" }).title).toBe("Nothing matches these filters.");
  });
});
