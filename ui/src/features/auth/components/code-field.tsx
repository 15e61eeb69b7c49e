import { type Ref } from "react";

import { TextField } from "@/components/text-field";

type CodeFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  ref?: Ref<HTMLInputElement>;
};

/** A code sent by e-mail (sign-up confirmation, password reset): phones offer it from the message. */
export function CodeField({ label, value, onChange, error, ref }: CodeFieldProps) {
  return (
    <TextField
      ref={ref}
      label={label}
      name="code"
      autoComplete="one-time-code"
      inputMode="numeric"
      autoCapitalize="none"
      spellCheck={false}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}
