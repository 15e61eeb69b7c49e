import { describe, expect, it } from "vitest";

import { uploadErrorCode } from "./post-file";

describe("uploadErrorCode", () => {
  it("maps S3 error documents to our codes", () => {
    expect(uploadErrorCode(400, "<Error><Code>EntityTooLarge</Code></Error>")).toBe("TOO_LARGE");
    expect(uploadErrorCode(403, "<Error><Code>AccessDenied</Code><Message>Policy expired</Message></Error>")).toBe(
      "UPLOAD_EXPIRED",
    );
    expect(uploadErrorCode(500, "oops")).toBe("UPLOAD_FAILED");
    expect(uploadErrorCode(0, "")).toBe("NETWORK");
  });
});
