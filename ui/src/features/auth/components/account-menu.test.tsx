/** @vitest-environment jsdom */
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ALICE } from "@/testing/auth-fakes";

import { AccountMenu } from "./account-menu";

describe("AccountMenu", () => {
  it("names who is signed in and signs out at once when nothing is in flight", async () => {
    const onSignOut = vi.fn(async () => undefined);
    render(<AccountMenu user={ALICE} onSignOut={onSignOut} />);
    expect(screen.getByTestId("signed-in-as")).toHaveTextContent(`Signed in as ${ALICE.email}`);
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(onSignOut).toHaveBeenCalledTimes(1);
  });

  it("asks first while uploads are in progress, and Cancel keeps the session", async () => {
    const onSignOut = vi.fn(async () => undefined);
    render(<AccountMenu user={ALICE} onSignOut={onSignOut} warning="1 upload is in progress." />);
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    const dialog = screen.getByRole("dialog", { name: "Sign out now?" });
    expect(dialog).toHaveTextContent("1 upload is in progress.");
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onSignOut).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    const confirm = screen.getAllByRole("button", { name: "Sign out" }).find((button) => dialog.contains(button))!;
    await userEvent.click(confirm);
    expect(onSignOut).toHaveBeenCalledTimes(1);
  });
});
