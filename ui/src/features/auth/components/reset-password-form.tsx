import { type FormEvent, useRef, useState } from "react";

import { useAuthSession } from "../hooks/auth-context";
import { type FieldErrors, firstInvalid, normaliseCode, useAuthSubmit } from "../hooks/use-auth-submit";
import { passwordProblem } from "../lib/password-policy";

import { FormProblem, LocalCodeNote, StepLink, SubmitButton } from "./auth-parts";
import { CodeField } from "./code-field";
import { PasswordField } from "./password-field";
import { PasswordRules } from "./password-rules";

type ResetPasswordFormProps = {
  email: string;
  emulator: boolean;
  /** Changed, but the sign-in with the new password did not follow: on to the sign-in step. */
  onChanged: () => void;
  onRequestAgain: () => void;
  onBack: () => void;
};

export function ResetPasswordForm({ email, emulator, onChanged, onRequestAgain, onBack }: ResetPasswordFormProps) {
  const session = useAuthSession();
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors<"code" | "password">>({});
  const { pending, problem, run } = useAuthSubmit("resetPassword");
  const codeRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = normaliseCode(code);
    const found = {
      code: value ? undefined : "Enter the code from the e-mail.",
      password: (password ? passwordProblem(password) : "Choose a new password.") ?? undefined,
    };
    setErrors(found);
    const first = firstInvalid(found, ["code", "password"]);
    if (first) {
      (first === "code" ? codeRef : passwordRef).current?.focus();
      return;
    }
    void run(async () => {
      await session.accounts.confirmForgotPassword(email, value, password);
      const signedIn = await session.signIn(email, password).then(
        () => true,
        () => false,
      );
      if (!signedIn) onChanged();
    });
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Choose a new password">
      {emulator ? <LocalCodeNote /> : null}
      <FormProblem problem={problem} />
      {/* Tells a password manager whose password is being replaced. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <CodeField ref={codeRef} label="Reset code" value={code} onChange={setCode} error={errors.code} />
      <PasswordField
        ref={passwordRef}
        label="New password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        hint={<PasswordRules password={password} />}
      />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save the new password
      </SubmitButton>
      <div className="flex flex-wrap justify-between gap-2">
        <StepLink onClick={onBack}>Back to sign in</StepLink>
        <StepLink onClick={onRequestAgain}>Send a new code</StepLink>
      </div>
    </form>
  );
}
