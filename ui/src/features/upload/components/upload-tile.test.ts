import { describe, expect, it } from "vitest";

import type { UploadItem } from "../lib/upload-state";

import { problemText } from "./upload-tile";

function failed(code: string, message: string): UploadItem {
  return { phase: "error", error: { code, message } } as UploadItem;
}

describe("problemText", () => {
  it("says a browser-side failure in one sentence, not ours and then its own", () => {
    expect(problemText(failed("NETWORK", "Could not reach the server."))).toEqual({
      sentence: "Couldn't reach the server. Check that the stack is running and try again.",
      detail: null,
    });
  });

  it("keeps the server's own words as a detail", () => {
    expect(problemText(failed("TOO_LARGE", "The file is 9 bytes; image uploads are limited to 8 bytes."))).toEqual({
      sentence: "This file is larger than the size limit.",
      detail: "The file is 9 bytes; image uploads are limited to 8 bytes.",
    });
  });
});
