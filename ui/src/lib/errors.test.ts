import { describe, expect, it } from "vitest";

import schema from "../../../schema.graphql?raw";

import { describeError, isRetryableCode } from "./errors";
import { isTerminal, statusLabel, statusTone } from "./media-status";

describe("describeError", () => {
  it.each([
    ["CORRUPT", "This file looks damaged and couldn't be read."],
    ["TYPE_MISMATCH", "The file's contents don't match its type. It may have been renamed from another format."],
    ["TOO_LARGE", "This file is larger than the size limit."],
    ["RETRIES_EXHAUSTED", "Processing failed after several attempts. You can try again."],
    [
      "TOO_COMPLEX",
      "This file took longer to process than the time limit allows. A smaller or simpler file will work.",
    ],
    ["NETWORK", "Couldn't reach the server. Check that the stack is running and try again."],
  ])("maps %s to a sentence", (code, sentence) => {
    expect(describeError(code)).toBe(sentence);
  });

  it("has a sentence of its own for every ErrorCode in schema.graphql", () => {
    const codes = /enum ErrorCode \{([^}]*)\}/.exec(schema)?.[1]?.match(/[A-Z_]+/g) ?? [];
    expect(codes).toContain("TOO_COMPLEX");
    const generic = describeError("SOMETHING_NEW");
    expect(codes.filter((code) => describeError(code) === generic)).toEqual([]);
  });

  it("falls back to a generic sentence for unknown codes", () => {
    expect(describeError("SOMETHING_NEW")).toBe("Something went wrong. Please try again.");
    expect(describeError(null)).toBe("Something went wrong. Please try again.");
  });

  it("never maps an inherited property", () => {
    expect(describeError("toString")).toBe("Something went wrong. Please try again.");
  });

  it("only offers retry where it can help", () => {
    expect(isRetryableCode("TIMEOUT")).toBe(true);
    expect(isRetryableCode("CORRUPT")).toBe(false);
    expect(isRetryableCode("TOO_COMPLEX")).toBe(false);
    expect(isRetryableCode(undefined)).toBe(false);
  });
});

describe("media status", () => {
  it("labels statuses and knows the terminal ones", () => {
    expect(statusLabel("AWAITING_UPLOAD")).toBe("Waiting for upload");
    expect(statusTone("REJECTED")).toBe("warning");
    expect(
      ["AWAITING_UPLOAD", "PROCESSING", "READY", "REJECTED", "FAILED"].filter((s) => isTerminal(s as never)),
    ).toEqual(["READY", "REJECTED", "FAILED"]);
  });
});
