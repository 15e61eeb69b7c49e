import { type FormEvent, useRef, useState } from "react";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";

import { useAuthSession } from "../hooks/auth-context";
import { type FieldErrors, normaliseCode, useAuthSubmit } from "../hooks/use-auth-submit";
import { describeAuthError } from "../lib/auth-errors";

import { FormProblem, LocalCodeNote, StepLink, SubmitButton } from "./auth-parts";
import { CodeField } from "./code-field";

type ConfirmSignUpFormProps = {
  email: string;
  /** Kept from the sign-up (or the sign-in) in this tab, to sign in at once when confirmed. */
  password: string | null;
  emulator: boolean;
  /** Confirmed, but not signed in (no password kept, or it did not work): on to the sign-in step. */
  onConfirmed: () => void;
  onBack: () => void;
};

export function ConfirmSignUpForm({ email, password, emulator, onConfirmed, onBack }: ConfirmSignUpFormProps) {
  const session = useAuthSession();
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FieldErrors<"code">>({});
  const [resent, setResent] = useState<string | null>(null);
  const { pending, problem, setProblem, run } = useAuthSubmit("confirmSignUp");
  const codeRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = normaliseCode(code);
    const found = { code: value ? undefined : "Enter the code from the e-mail." };
    setErrors(found);
    if (found.code) {
      codeRef.current?.focus();
      return;
    }
    void run(async () => {
      await session.accounts.confirmSignUp(email, value);
      // With the password from this tab's sign-up, sign in at once (the screen then goes away).
      const signedIn = password
        ? await session.signIn(email, password).then(
            () => true,
            () => false,
          )
        : false;
      if (!signedIn) onConfirmed();
    });
  }

  async function resend() {
    setResent(null);
    try {
      const delivery = await session.accounts.resendConfirmationCode(email);
      setResent(delivery?.Destination ? `We sent a new code to ${delivery.Destination}.` : "We sent a new code.");
    } catch (error) {
      setProblem(describeAuthError(error, "resendCode"));
    }
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Confirm your email address">
      {emulator ? <LocalCodeNote /> : null}
      {resent ? <Alert tone="info" title={resent} /> : null}
      <FormProblem problem={problem} />
      <CodeField ref={codeRef} label="Confirmation code" value={code} onChange={setCode} error={errors.code} />
      <SubmitButton pending={pending} pendingLabel="Confirming…">
        Confirm
      </SubmitButton>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <StepLink onClick={onBack}>Back to sign in</StepLink>
        {/* The emulator has no ResendConfirmationCode, and no e-mail to lose. */}
        {emulator ? null : (
          <Button variant="ghost" className="min-h-8 px-3 py-1" onClick={() => void resend()}>
            Send a new code
          </Button>
        )}
      </div>
    </form>
  );
}
