/**
 * The user pool's password policy (the deployed pool's and the local one's, app/local/identity.py):
 * checked here before any call, so a person sees at once which rule is missing.
 */
export type PasswordRule = { id: string; label: string; test: (password: string) => boolean };

export const PASSWORD_RULES: readonly PasswordRule[] = [
  { id: "length", label: "At least 8 characters", test: (p) => [...p].length >= 8 },
  { id: "upper", label: "An upper-case letter", test: (p) => /\p{Lu}/u.test(p) },
  { id: "lower", label: "A lower-case letter", test: (p) => /\p{Ll}/u.test(p) },
  { id: "digit", label: "A digit", test: (p) => /\d/.test(p) },
];

export const PASSWORD_RULES_SENTENCE =
  "at least 8 characters, with an upper-case letter, a lower-case letter and a digit (symbols are optional).";

/** The rules `password` does not meet yet, in the order they are listed. */
export function unmetRules(password: string): PasswordRule[] {
  return PASSWORD_RULES.filter((rule) => !rule.test(password));
}

/** Cognito refuses leading or trailing spaces in a password. */
export function passwordProblem(password: string): string | null {
  if (password !== password.trim()) return "The password can't start or end with a space.";
  const missing = unmetRules(password);
  if (missing.length === 0) return null;
  return `The password needs ${missing.map((rule) => rule.label.toLowerCase()).join(", ")}.`;
}
