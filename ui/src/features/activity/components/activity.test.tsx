/** @vitest-environment jsdom */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { fakeRequest, renderWithApi } from "@/testing/render";

import { Activity } from "./activity";

const DELETED = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ";
const RETRIED = "01JD2W3X4Y5Z6A7B8C9D0EFGHK";

function page(nodes: Record<string, unknown>[], next: string | null) {
  return {
    auditLog: {
      edges: nodes.map((node, n) => ({ cursor: `c${n}`, node })),
      pageInfo: { hasNextPage: next !== null, endCursor: next },
    },
  };
}

const deleted = { at: "2026-01-02T10:00:00Z", action: "DELETE", mediaId: DELETED, who: "sub-1", detail: "holiday.jpg" };
const retried = {
  at: "2026-01-01T09:00:00Z",
  action: "RETRY",
  mediaId: RETRIED,
  who: "sub-1",
  detail: "after TIMEOUT",
};
const redriven = {
  at: "2025-12-31T08:00:00Z",
  action: "REDRIVE",
  mediaId: RETRIED,
  who: "arn:aws:iam::123456789012:user/ops",
  detail: "from the dead-letter queue",
};

describe("Activity", () => {
  it("lists each entry with what happened, to which item, by whom, newest first as the API gives them", async () => {
    const { request } = fakeRequest({ AuditLog: () => page([deleted, retried], null) });
    renderWithApi(<Activity />, { request });

    const list = await screen.findByRole("list", { name: "Activity" });
    const [first, second] = within(list).getAllByRole("listitem");
    expect(first).toHaveTextContent("Deleted");
    expect(first).toHaveTextContent("holiday.jpg");
    // A deleted item has no page any more: no link to it
    expect(within(first!).queryByRole("link")).toBeNull();
    expect(second).toHaveTextContent("Retried");
    expect(second).toHaveTextContent("after TIMEOUT");
    expect(within(second!).getByRole("link", { name: RETRIED })).toHaveAttribute("href", `/items/${RETRIED}`);
    expect(second).toHaveTextContent("by sub-1");
  });

  it("pages with Load more, passing the cursor, and shows an operator's redrive", async () => {
    const { request, calls } = fakeRequest({
      AuditLog: (vars) => (vars.after === "p2" ? page([redriven], null) : page([deleted, retried], "p2")),
    });
    renderWithApi(<Activity />, { request });

    await userEvent.click(await screen.findByRole("button", { name: "Load more" }));
    expect(await screen.findByText("Put back for processing by an operator")).toBeInTheDocument();
    expect(screen.getByText("by arn:aws:iam::123456789012:user/ops")).toBeInTheDocument();
    expect(calls.map((c) => c.variables.after)).toEqual([null, "p2"]);
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("says so when there is nothing yet", async () => {
    const { request } = fakeRequest({ AuditLog: () => page([], null) });
    renderWithApi(<Activity />, { request });
    expect(await screen.findByText("Nothing has been deleted or retried yet.")).toBeInTheDocument();
  });
});
