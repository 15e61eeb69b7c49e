/** @vitest-environment jsdom */
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { Usage } from "../api/usage";
import { quotaShare, UsageSummary } from "./usage-meter";

const usage: Usage = {
  items: 3,
  storedBytes: 25_000_000_000,
  quota: { maxItems: 10_000, maxBytes: 50_000_000_000 },
  estimatedCost: { storagePerMonth: 0.576, processingToDate: 0.002, currency: "USD" },
};

describe("UsageSummary", () => {
  it("shows items and bytes against the quota, and the month's storage estimate", () => {
    render(<UsageSummary usage={usage} />);
    expect(screen.getByText(/3 items of 10,000/)).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Share of your quota in use" })).toHaveAttribute(
      "aria-valuenow",
      "50",
    );
    expect(screen.getByText("Storage costs about $0.58 a month")).toBeInTheDocument();
  });

  it("measures the share by whichever limit is nearer", () => {
    expect(quotaShare({ ...usage, items: 9_000 })).toBeCloseTo(0.9);
    expect(quotaShare({ ...usage, quota: null })).toBeNull();
  });
});
