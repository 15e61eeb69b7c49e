/** @vitest-environment jsdom */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { ALICE, fakeAuthClient } from "@/testing/auth-fakes";

import { AuthContext } from "../hooks/auth-context";
import { AuthSession } from "../lib/auth-session";
import { memorySessionStore } from "../lib/session-store";

import { AuthScreen } from "./auth-screen";

const PASSWORD = "Sunny2026";

function setup({ emulator = true, session: prepare }: { emulator?: boolean; session?: (s: AuthSession) => void } = {}) {
  const pool = fakeAuthClient({ [ALICE.email]: { sub: ALICE.sub, password: PASSWORD } });
  const session = new AuthSession(pool.client, memorySessionStore().store);
  prepare?.(session);
  render(
    <AuthContext value={session}>
      <AuthScreen emulator={emulator} />
    </AuthContext>,
  );
  return { ...pool, session, user: userEvent.setup() };
}

const form = (name: string) => screen.getByRole("form", { name });

describe("AuthScreen", () => {
  it("signs in with the form", async () => {
    const { session, user } = setup();
    await user.type(screen.getByLabelText("Email address"), ALICE.email);
    await user.type(screen.getByLabelText("Password"), PASSWORD);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(session.getSnapshot()).toMatchObject({ status: "signedIn", user: ALICE });
  });

  it("says a wrong password in words, announced, and sends no empty form", async () => {
    const { client, user } = setup();
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByLabelText("Email address")).toHaveFocus();
    expect(screen.getByLabelText("Email address")).toHaveAccessibleDescription("Enter your email address.");
    expect(client.signIn).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText("Email address"), ALICE.email);
    await user.type(screen.getByLabelText("Password"), "Wrong2026");
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("The email address or password is wrong.");
  });

  it("shows and hides the password", async () => {
    const { user } = setup();
    const password = screen.getByLabelText("Password");
    expect(password).toHaveAttribute("type", "password");
    await user.click(screen.getByRole("button", { name: "Show password" }));
    expect(password).toHaveAttribute("type", "text");
    expect(screen.getByRole("button", { name: "Hide password" })).toHaveAttribute("aria-pressed", "true");
  });

  it("signs up: checks the password rules first, then the code (any, locally), then signs in", async () => {
    const { client, session, user } = setup();
    await user.click(screen.getByRole("button", { name: "Create an account" }));
    expect(screen.getByRole("heading", { level: 1, name: "Create an account" })).toHaveFocus();
    await user.type(within(form("Create an account")).getByLabelText("Email address"), "new@example.com");
    const password = within(form("Create an account")).getByLabelText("Password");
    await user.type(password, "sunny");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(password).toHaveFocus();
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription(
      /The password needs at least 8 characters, an upper-case letter, a digit\./,
    );
    expect(client.signUp).not.toHaveBeenCalled();

    await user.clear(password);
    await user.type(password, "Sunny-2026");
    await user.click(screen.getByRole("button", { name: "Create account" }));
    expect(client.signUp).toHaveBeenCalledWith("new@example.com", "Sunny-2026");

    expect(screen.getByRole("heading", { level: 1, name: "Confirm your email address" })).toHaveFocus();
    expect(screen.getByText("The local stack sends no e-mail and accepts any code, e.g. 000000.")).toBeVisible();
    expect(screen.queryByRole("button", { name: "Send a new code" })).toBeNull(); // nothing to resend locally
    await user.type(screen.getByLabelText("Confirmation code"), "000 000");
    await user.click(screen.getByRole("button", { name: "Confirm" }));
    expect(client.confirmSignUp).toHaveBeenCalledWith("new@example.com", "000000");
    expect(session.getSnapshot()).toMatchObject({ status: "signedIn", user: { email: "new@example.com" } });
  });

  it("an unconfirmed account goes to the code step; in AWS a new code can be asked for", async () => {
    const { client, user } = setup({ emulator: false });
    await user.click(screen.getByRole("button", { name: "Create an account" }));
    await user.type(screen.getByLabelText("Email address"), "late@example.com");
    await user.type(screen.getByLabelText("Password"), PASSWORD);
    await user.click(screen.getByRole("button", { name: "Create account" }));
    await user.click(screen.getByRole("button", { name: "Back to sign in" }));

    await user.type(screen.getByLabelText("Password"), PASSWORD);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByRole("heading", { level: 1, name: "Confirm your email address" })).toBeVisible();
    expect(screen.getByText(/isn.t confirmed yet\. We sent a code by e-mail/)).toBeVisible();
    expect(screen.queryByText(/accepts any code/)).toBeNull();
    await user.click(screen.getByRole("button", { name: "Send a new code" }));
    expect(client.resendConfirmationCode).toHaveBeenCalledWith("late@example.com");
    expect(await screen.findByText("We sent a new code to a***@e***.")).toBeVisible();
  });

  it("resets a forgotten password, saying the same for an unknown address, and signs in with the new one", async () => {
    const { client, session, user } = setup();
    await user.click(screen.getByRole("button", { name: "Forgot your password?" }));
    await user.type(screen.getByLabelText("Email address"), "nobody@example.com");
    await user.click(screen.getByRole("button", { name: "Send a reset code" }));
    expect(screen.getByRole("heading", { level: 1, name: "Choose a new password" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Send a new code" }));

    const email = screen.getByLabelText("Email address");
    await user.clear(email);
    await user.type(email, ALICE.email);
    await user.click(screen.getByRole("button", { name: "Send a reset code" }));
    await user.type(screen.getByLabelText("Reset code"), "111111");
    await user.type(screen.getByLabelText("New password"), "Rainy2027");
    await user.click(screen.getByRole("button", { name: "Save the new password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That code isn't right.");

    await user.clear(screen.getByLabelText("Reset code"));
    await user.type(screen.getByLabelText("Reset code"), "123456");
    await user.click(screen.getByRole("button", { name: "Save the new password" }));
    expect(client.confirmForgotPassword).toHaveBeenLastCalledWith(ALICE.email, "123456", "Rainy2027");
    expect(session.getSnapshot()).toMatchObject({ status: "signedIn", user: ALICE });
  });

  it("after a session ended, says so and offers the same address", async () => {
    setup({
      session: (session) => {
        (session as unknown as { state: unknown }).state = {
          status: "signedOut",
          reason: "expired",
          lastUser: ALICE,
          notice: { sentence: "Your session has ended. Sign in again to carry on.", detail: null },
        };
      },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("Your session has ended. Sign in again to carry on.");
    expect(screen.getByLabelText("Email address")).toHaveValue(ALICE.email);
  });
});
