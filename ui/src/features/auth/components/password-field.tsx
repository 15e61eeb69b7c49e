import { type ReactNode, type Ref, useState } from "react";

import { TextField } from "@/components/text-field";

type PasswordFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: "current-password" | "new-password";
  error?: string | null;
  hint?: ReactNode;
  ref?: Ref<HTMLInputElement>;
};

/** A password input with a Show/Hide toggle (typing a new password blind is error-prone on a phone). */
export function PasswordField({ label, value, onChange, autoComplete, error, hint, ref }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      ref={ref}
      label={label}
      type={visible ? "text" : "password"}
      name={autoComplete === "new-password" ? "new-password" : "password"}
      autoComplete={autoComplete}
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      hint={hint}
      trailing={
        <button
          type="button"
          aria-pressed={visible}
          aria-label={visible ? "Hide password" : "Show password"}
          onClick={() => setVisible((shown) => !shown)}
          className="min-h-10 shrink-0 rounded-lg border border-slate-300 bg-surface px-3 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {visible ? "Hide" : "Show"}
        </button>
      }
    />
  );
}
