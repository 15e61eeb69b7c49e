import { type ReactNode, useEffect, useRef, useState } from "react";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";

import type { CodeDeliveryDetails } from "../api/cognito";
import { useAuthSession, useAuthState } from "../hooks/auth-context";

import { AuthCard } from "./auth-parts";
import { ConfirmSignUpForm } from "./confirm-sign-up-form";
import { ForgotPasswordForm } from "./forgot-password-form";
import { ResetPasswordForm } from "./reset-password-form";
import { SignInForm } from "./sign-in-form";
import { SignUpForm } from "./sign-up-form";

type Step =
  | { name: "signIn"; notice: string | null }
  | { name: "signUp" }
  | { name: "confirmSignUp"; password: string | null; delivery: CodeDeliveryDetails | null; notice: string | null }
  | { name: "forgotPassword" }
  | { name: "resetPassword"; delivery: CodeDeliveryDetails | null };

const TITLES: Record<Step["name"], string> = {
  signIn: "Sign in",
  signUp: "Create an account",
  confirmSignUp: "Confirm your email address",
  forgotPassword: "Reset your password",
  resetPassword: "Choose a new password",
};

/** "We sent a code to a***@e***.com." where Cognito says so (never on the emulator, which sends none). */
function sentTo(delivery: CodeDeliveryDetails | null, emulator: boolean): string {
  if (emulator) return "Enter a code to confirm";
  return delivery?.DeliveryMedium === "EMAIL" && delivery.Destination
    ? `We sent a code to ${delivery.Destination}. Enter it to confirm`
    : "We sent a code by e-mail. Enter it to confirm";
}

type AuthScreenProps = {
  /** The embedded stack: its pool takes any code and mails nothing; its banner names a demo user. */
  emulator: boolean;
  /** Shown above the form (the app's word on uploads waiting for this sign-in). */
  aside?: ReactNode;
};

/**
 * Everything a signed-out person can do: sign in, sign up and confirm the address, reset a forgotten
 * password. One step at a time; the email typed carries from step to step; moving to a step moves
 * focus to its heading, so screen readers and keyboards follow.
 */
export function AuthScreen({ emulator, aside }: AuthScreenProps) {
  const state = useAuthState();
  const session = useAuthSession();
  const lastUser = state.status === "signedOut" ? state.lastUser : state.status === "unreachable" ? state.user : null;
  const [email, setEmail] = useState(lastUser?.email ?? "");
  const [step, setStep] = useState<Step>({ name: "signIn", notice: null });
  const heading = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(true);

  useEffect(() => {
    document.title = `${TITLES[step.name]} · Media pipeline`;
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);
  useEffect(() => () => void (document.title = "Media pipeline"), []);

  const go = (next: Step) => setStep(next);
  const toSignIn = (notice: string | null = null) => go({ name: "signIn", notice });

  let intro: ReactNode = null;
  let body: ReactNode;
  switch (step.name) {
    case "signIn":
      intro = emulator ? (
        <>
          On the local stack, the demo user&apos;s email address and password are in the banner of{" "}
          <code className="rounded bg-slate-100 px-1">mediapipe dev</code>.
        </>
      ) : null;
      body = (
        <SignInForm
          email={email}
          onEmailChange={setEmail}
          onUnconfirmed={(_address, password) =>
            go({
              name: "confirmSignUp",
              password,
              delivery: null,
              notice: "This account's email address isn't confirmed yet.",
            })
          }
          onForgot={() => go({ name: "forgotPassword" })}
          onSignUp={() => go({ name: "signUp" })}
        />
      );
      break;
    case "signUp":
      body = (
        <SignUpForm
          email={email}
          onEmailChange={setEmail}
          onSignedUp={({ email: address, password, confirmed, delivery }) => {
            if (confirmed) {
              void session.signIn(address, password).catch(() => toSignIn("Your account is ready. Sign in."));
              return;
            }
            go({ name: "confirmSignUp", password, delivery, notice: null });
          }}
          onSignIn={() => toSignIn()}
        />
      );
      break;
    case "confirmSignUp":
      intro = (
        <>
          {step.notice ? `${step.notice} ` : null}
          {sentTo(step.delivery, emulator)}{" "}
          <span className="font-medium break-words text-slate-800">{email.trim()}</span>.
        </>
      );
      body = (
        <ConfirmSignUpForm
          email={email.trim()}
          password={step.password}
          emulator={emulator}
          onConfirmed={() => toSignIn("Your email address is confirmed. Sign in.")}
          onBack={() => toSignIn()}
        />
      );
      break;
    case "forgotPassword":
      intro = "Enter your account's email address, and we'll send a code to choose a new password with.";
      body = (
        <ForgotPasswordForm
          email={email}
          onEmailChange={setEmail}
          onCodeSent={(_, delivery) => go({ name: "resetPassword", delivery })}
          onBack={() => toSignIn()}
        />
      );
      break;
    case "resetPassword":
      intro = emulator
        ? "Enter any code and a new password."
        : // The same words whether or not the address has an account.
          `If ${email.trim()} has an account, we sent a code there. Enter it with a new password.`;
      body = (
        <ResetPasswordForm
          email={email.trim()}
          emulator={emulator}
          onChanged={() => toSignIn("Your password has been changed. Sign in with the new one.")}
          onRequestAgain={() => go({ name: "forgotPassword" })}
          onBack={() => toSignIn()}
        />
      );
      break;
  }

  const stepNotice = step.name === "signIn" ? step.notice : null;
  return (
    <div className="space-y-4 py-2 sm:py-6">
      <div className="mx-auto w-full max-w-md space-y-3 empty:hidden">
        {state.status === "unreachable" ? (
          <Alert
            tone="warning"
            title={state.message}
            action={<Button onClick={() => session.retryRestore()}>Try again</Button>}
          >
            Your session is kept; you can also sign in again below.
          </Alert>
        ) : null}
        {state.status === "signedOut" && state.notice && step.name === "signIn" && !stepNotice ? (
          <Alert tone="warning" title={state.notice.sentence}>
            {state.notice.detail}
          </Alert>
        ) : null}
        {state.status === "signedOut" && state.reason === "signedOut" && step.name === "signIn" && !stepNotice ? (
          <Alert tone="info" title="You're signed out." />
        ) : null}
        {stepNotice ? <Alert tone="info" title={stepNotice} /> : null}
        {aside}
      </div>
      <AuthCard title={TITLES[step.name]} intro={intro} headingRef={heading}>
        {body}
      </AuthCard>
    </div>
  );
}
