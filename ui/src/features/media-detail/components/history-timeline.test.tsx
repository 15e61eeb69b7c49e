/** @vitest-environment jsdom */
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { formatGap, HistoryTimeline } from "./history-timeline";

const HISTORY = [
  { at: "2026-03-01T12:00:00.000Z", status: "AWAITING_UPLOAD", attempt: 0, code: null, note: "upload requested" },
  { at: "2026-03-01T12:00:00.420Z", status: "AWAITING_UPLOAD", attempt: 0, code: null, note: "upload arrived" },
  { at: "2026-03-01T12:00:01.000Z", status: "PROCESSING", attempt: 1, code: null, note: "claimed by attempt 1" },
  {
    at: "2026-03-01T12:00:03.500Z",
    status: "PROCESSING",
    attempt: 1,
    code: "UNAVAILABLE",
    note: "attempt 1 gave its lease back",
  },
  {
    at: "2026-03-01T12:01:10.000Z",
    status: "READY",
    attempt: 2,
    code: null,
    note: "attempt 2 ended: READY, 6 outputs",
  },
] as const;

describe("HistoryTimeline", () => {
  it("shows each event in order with its status, attempt, code and the time since the one before", () => {
    render(<HistoryTimeline history={HISTORY} />);
    const entries = within(screen.getByRole("list", { name: "History" })).getAllByRole("listitem");
    expect(entries.map((e) => e.querySelector("span")?.textContent)).toEqual(HISTORY.map((e) => e.note));
    expect(entries[1]).toHaveTextContent("AWAITING_UPLOAD · attempt 0 · +0.42 s");
    expect(entries[3]).toHaveTextContent("UNAVAILABLE");
    expect(entries[3]).toHaveTextContent("PROCESSING · attempt 1 · +2.50 s");
    expect(entries[4]).toHaveTextContent("READY · attempt 2 · +1 min 7 s");
    // the first shows when it happened, not a gap
    expect(entries[0]?.querySelector("time")).toHaveAttribute("dateTime", HISTORY[0].at);
    expect(entries[0]).not.toHaveTextContent("+");
    expect(screen.getByText("Total 1 min 10 s")).toBeInTheDocument();
  });

  it("says so when nothing was recorded", () => {
    render(<HistoryTimeline history={[]} />);
    expect(screen.getByText("No history recorded.")).toBeInTheDocument();
  });

  it("formats gaps in seconds under a minute, minutes and seconds beyond", () => {
    expect(formatGap(420)).toBe("+0.42 s");
    expect(formatGap(59_990)).toBe("+59.99 s");
    expect(formatGap(185_000)).toBe("+3 min 5 s");
  });
});
