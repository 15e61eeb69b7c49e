import type { ReactNode, Ref } from "react";

import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";

import type { AuthProblem } from "../lib/auth-errors";

/** The card every sign-in step sits in; its heading takes focus when the step changes. */
export function AuthCard({
  title,
  intro,
  headingRef,
  children,
}: {
  title: string;
  intro?: ReactNode;
  headingRef?: Ref<HTMLHeadingElement>;
  children: ReactNode;
}) {
  return (
    <section className="mx-auto w-full max-w-md rounded-xl border border-slate-200 bg-surface p-5 shadow-sm sm:p-8">
      <h1 ref={headingRef} tabIndex={-1} className="text-xl font-semibold text-slate-900 focus:outline-none">
        {title}
      </h1>
      {intro ? <div className="mt-1 text-sm text-slate-600">{intro}</div> : null}
      <div className="mt-6">{children}</div>
    </section>
  );
}

/** The failure of the last submit, announced (role="alert") without moving focus. */
export function FormProblem({ problem }: { problem: AuthProblem | null }) {
  if (!problem) return null;
  return <Alert title={problem.sentence}>{problem.detail}</Alert>;
}

export function SubmitButton({
  pending,
  children,
  pendingLabel,
}: {
  pending: boolean;
  children: ReactNode;
  pendingLabel: string;
}) {
  // aria-disabled, not disabled: a disabled button would drop the keyboard focus while the call runs.
  return (
    <button
      type="submit"
      aria-disabled={pending || undefined}
      className={buttonClass("primary", "w-full aria-disabled:cursor-wait aria-disabled:opacity-70")}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

/** A link-looking button that moves between steps. */
export function StepLink({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="rounded text-sm font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      {children}
    </button>
  );
}

/** Said on every code screen of the embedded stack, whose emulated pool mails nothing. */
export function LocalCodeNote() {
  return <Alert tone="info" title="The local stack sends no e-mail and accepts any code, e.g. 000000." />;
}
