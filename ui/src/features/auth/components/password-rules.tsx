import { PASSWORD_RULES } from "../lib/password-policy";

/** The pool's password rules, each ticked once the typed password meets it. */
export function PasswordRules({ password }: { password: string }) {
  return (
    <>
      <span>Your password needs:</span>
      <ul className="mt-1 space-y-0.5" data-testid="password-rules">
        {PASSWORD_RULES.map((rule) => {
          const met = rule.test(password);
          return (
            <li key={rule.id} className={met ? "text-emerald-700" : "text-slate-600"} data-met={met}>
              <span aria-hidden="true">{met ? "✓ " : "• "}</span>
              {rule.label}
              <span className="sr-only">{met ? " (done)" : ""}</span>
            </li>
          );
        })}
        <li className="text-slate-500">Symbols are allowed but not needed.</li>
      </ul>
    </>
  );
}
