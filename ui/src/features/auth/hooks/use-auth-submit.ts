import { useRef, useState } from "react";

import { type AuthAction, type AuthProblem, describeAuthError } from "../lib/auth-errors";

/**
 * A form's call to Cognito: pending while it runs (a second submit is ignored), and its failure as
 * a sentence. `handled` lets a form turn some failures into a step instead (e.g. not confirmed yet).
 */
export function useAuthSubmit(action: AuthAction) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<AuthProblem | null>(null);
  const busy = useRef(false);

  async function run(work: () => Promise<void>, handled?: (error: unknown) => boolean): Promise<void> {
    if (busy.current) return;
    busy.current = true;
    setPending(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      if (!handled?.(error)) setProblem(describeAuthError(error, action));
    } finally {
      busy.current = false;
      setPending(false);
    }
  }

  return { pending, problem, setProblem, run };
}

/** Field problems by name; the first one gets focus, so a keyboard or screen-reader user lands on it. */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export function firstInvalid<K extends string>(errors: FieldErrors<K>, order: readonly K[]): K | null {
  return order.find((key) => errors[key]) ?? null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(email: string): string | null {
  if (!email) return "Enter your email address.";
  if (!EMAIL.test(email)) return "Enter an email address like name@example.com.";
  return null;
}

/** Codes are digits; people paste them with spaces. */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, "");
}
