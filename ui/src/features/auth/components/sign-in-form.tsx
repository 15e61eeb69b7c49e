import { type FormEvent, useRef, useState } from "react";

import { emailProblem, type FieldErrors, firstInvalid, useAuthSubmit } from "../hooks/use-auth-submit";
import { useAuthSession } from "../hooks/auth-context";
import { authErrorType } from "../lib/auth-errors";

import { FormProblem, StepLink, SubmitButton } from "./auth-parts";
import { EmailField } from "./email-field";
import { PasswordField } from "./password-field";

type SignInFormProps = {
  email: string;
  onEmailChange: (email: string) => void;
  /** The account exists but its email is not confirmed yet: on to the code step. */
  onUnconfirmed: (email: string, password: string) => void;
  onForgot: () => void;
  onSignUp: () => void;
};

export function SignInForm({ email, onEmailChange, onUnconfirmed, onForgot, onSignUp }: SignInFormProps) {
  const session = useAuthSession();
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors<"email" | "password">>({});
  const { pending, problem, run } = useAuthSubmit("signIn");
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = email.trim();
    const found = {
      email: emailProblem(trimmed) ?? undefined,
      password: password ? undefined : "Enter your password.",
    };
    setErrors(found);
    const first = firstInvalid(found, ["email", "password"]);
    if (first) {
      (first === "email" ? emailRef : passwordRef).current?.focus();
      return;
    }
    void run(
      async () => {
        await session.signIn(trimmed, password);
      },
      (error) => {
        if (authErrorType(error) !== "UserNotConfirmedException") return false;
        onUnconfirmed(trimmed, password);
        return true;
      },
    );
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Sign in">
      <FormProblem problem={problem} />
      <EmailField ref={emailRef} value={email} onChange={onEmailChange} error={errors.email} />
      <PasswordField
        ref={passwordRef}
        label="Password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={errors.password}
      />
      <SubmitButton pending={pending} pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
      <div className="flex flex-wrap justify-between gap-2">
        <StepLink onClick={onForgot}>Forgot your password?</StepLink>
        <StepLink onClick={onSignUp}>Create an account</StepLink>
      </div>
    </form>
  );
}
