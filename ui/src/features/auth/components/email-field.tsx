import { type ReactNode, type Ref } from "react";

import { TextField } from "@/components/text-field";

type EmailFieldProps = {
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: ReactNode;
  ref?: Ref<HTMLInputElement>;
};

/** The account's email address: the user name everywhere (password managers match on "username"). */
export function EmailField({ value, onChange, error, hint, ref }: EmailFieldProps) {
  return (
    <TextField
      ref={ref}
      label="Email address"
      type="email"
      name="email"
      autoComplete="username"
      inputMode="email"
      autoCapitalize="none"
      spellCheck={false}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      hint={hint}
    />
  );
}
