/** @vitest-environment jsdom */
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ProgressBar } from "./progress-bar";

describe("ProgressBar", () => {
  it("reports a determinate value to assistive technology", () => {
    render(<ProgressBar value={0.426} label="a.jpg" />);
    const bar = screen.getByRole("progressbar", { name: "a.jpg" });
    expect(bar).toHaveAttribute("aria-valuenow", "43");
    expect(bar).toHaveAttribute("aria-valuetext", "43%");
  });

  it("is indeterminate without a value", () => {
    render(<ProgressBar value={null} label="processing" />);
    const bar = screen.getByRole("progressbar", { name: "processing" });
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(bar).toHaveAttribute("aria-valuetext", "In progress");
  });
});
