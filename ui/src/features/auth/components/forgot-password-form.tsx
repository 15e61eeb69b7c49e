import { type FormEvent, useRef, useState } from "react";

import type { CodeDeliveryDetails } from "../api/cognito";
import { useAuthSession } from "../hooks/auth-context";
import { emailProblem, type FieldErrors, useAuthSubmit } from "../hooks/use-auth-submit";
import { authErrorType } from "../lib/auth-errors";

import { FormProblem, StepLink, SubmitButton } from "./auth-parts";
import { EmailField } from "./email-field";

type ForgotPasswordFormProps = {
  email: string;
  onEmailChange: (email: string) => void;
  onCodeSent: (email: string, delivery: CodeDeliveryDetails | null) => void;
  onBack: () => void;
};

export function ForgotPasswordForm({ email, onEmailChange, onCodeSent, onBack }: ForgotPasswordFormProps) {
  const session = useAuthSession();
  const [errors, setErrors] = useState<FieldErrors<"email">>({});
  const { pending, problem, run } = useAuthSubmit("forgotPassword");
  const emailRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = email.trim();
    const found = { email: emailProblem(trimmed) ?? undefined };
    setErrors(found);
    if (found.email) {
      emailRef.current?.focus();
      return;
    }
    void run(
      async () => onCodeSent(trimmed, await session.accounts.forgotPassword(trimmed)),
      (error) => {
        // An unknown address goes on exactly as a known one: the page never tells who has an account.
        if (authErrorType(error) !== "UserNotFoundException") return false;
        onCodeSent(trimmed, null);
        return true;
      },
    );
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Reset your password">
      <FormProblem problem={problem} />
      <EmailField ref={emailRef} value={email} onChange={onEmailChange} error={errors.email} />
      <SubmitButton pending={pending} pendingLabel="Sending…">
        Send a reset code
      </SubmitButton>
      <StepLink onClick={onBack}>Back to sign in</StepLink>
    </form>
  );
}
