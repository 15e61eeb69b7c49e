/** @vitest-environment jsdom */
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ErrorBoundary } from "./error-boundary";

let broken = true;
function Page() {
  if (broken) throw new Error("render bug");
  return <p>The page</p>;
}

describe("ErrorBoundary", () => {
  it("shows a way back instead of a blank page, and tries again", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // React and the boundary both log it
    render(
      <ErrorBoundary>
        <Page />
      </ErrorBoundary>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong showing this page.");
    expect(screen.getByRole("link", { name: "Back to the gallery" })).toHaveAttribute("href", "/");
    broken = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByText("The page")).toBeInTheDocument();
  });
});
