import { type FormEvent, useRef, useState } from "react";

import type { CodeDeliveryDetails } from "../api/cognito";
import { useAuthSession } from "../hooks/auth-context";
import { emailProblem, type FieldErrors, firstInvalid, useAuthSubmit } from "../hooks/use-auth-submit";
import { passwordProblem } from "../lib/password-policy";

import { FormProblem, StepLink, SubmitButton } from "./auth-parts";
import { EmailField } from "./email-field";
import { PasswordField } from "./password-field";
import { PasswordRules } from "./password-rules";

type SignUpFormProps = {
  email: string;
  onEmailChange: (email: string) => void;
  /** Registered: `confirmed` when the pool needs no code (then sign in straight away). */
  onSignedUp: (result: {
    email: string;
    password: string;
    confirmed: boolean;
    delivery: CodeDeliveryDetails | null;
  }) => void;
  onSignIn: () => void;
};

export function SignUpForm({ email, onEmailChange, onSignedUp, onSignIn }: SignUpFormProps) {
  const session = useAuthSession();
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors<"email" | "password">>({});
  const { pending, problem, run } = useAuthSubmit("signUp");
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = email.trim();
    const found = {
      email: emailProblem(trimmed) ?? undefined,
      password: (password ? passwordProblem(password) : "Choose a password.") ?? undefined,
    };
    setErrors(found);
    const first = firstInvalid(found, ["email", "password"]);
    if (first) {
      (first === "email" ? emailRef : passwordRef).current?.focus();
      return;
    }
    void run(async () => {
      const { confirmed, delivery } = await session.accounts.signUp(trimmed, password);
      onSignedUp({ email: trimmed, password, confirmed, delivery });
    });
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Create an account">
      <FormProblem problem={problem} />
      <EmailField
        ref={emailRef}
        value={email}
        onChange={onEmailChange}
        error={errors.email}
        hint="We send a code to this address to confirm it's yours."
      />
      <PasswordField
        ref={passwordRef}
        label="Password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        hint={<PasswordRules password={password} />}
      />
      <SubmitButton pending={pending} pendingLabel="Creating your account…">
        Create account
      </SubmitButton>
      <p className="text-sm text-slate-600">
        Already have an account? <StepLink onClick={onSignIn}>Sign in</StepLink>
      </p>
    </form>
  );
}
