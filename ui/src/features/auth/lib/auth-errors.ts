import { CognitoError } from "../api/cognito";

import { SESSION_ENDED } from "./auth-state";
import { PASSWORD_RULES_SENTENCE } from "./password-policy";

/** What the person was doing: the same Cognito exception reads differently in each. */
export type AuthAction =
  "signIn" | "signUp" | "confirmSignUp" | "resendCode" | "forgotPassword" | "resetPassword" | "refresh";

export type AuthProblem = {
  /** One sentence a person can act on. */
  sentence: string;
  /** Cognito's own words, where they add something and reveal nothing about other accounts. */
  detail: string | null;
};

const WRONG_CREDENTIALS = "The email address or password is wrong.";
const TOO_MANY = "Too many attempts. Wait a few minutes, then try again.";
const BAD_CODE = "That code isn't right. Check it and try again, or ask for a new one.";

/** A Cognito exception name for any error: CognitoError.type, or UNKNOWN. */
export function authErrorType(error: unknown): string {
  return error instanceof CognitoError ? error.type : "UNKNOWN";
}

function sentenceFor(type: string, message: string, action: AuthAction): string | null {
  switch (type) {
    case "NotAuthorizedException":
      if (/attempts exceeded/i.test(message)) return TOO_MANY;
      if (action === "signIn") return WRONG_CREDENTIALS;
      if (action === "confirmSignUp") return "This account is already confirmed. Sign in.";
      if (action === "refresh") return SESSION_ENDED;
      return "That wasn't allowed. Sign in and try again.";
    // Never say whether an account exists: an unknown address reads like a wrong password, and a
    // reset for it like a wrong code.
    case "UserNotFoundException":
      return action === "signIn" ? WRONG_CREDENTIALS : BAD_CODE;
    case "UserNotConfirmedException":
      return "Confirm your email address first: enter the code we sent you.";
    case "UsernameExistsException":
      return "There is already an account with this email address. Sign in, or reset its password.";
    case "InvalidPasswordException":
      return `Choose a stronger password: ${PASSWORD_RULES_SENTENCE}`;
    case "InvalidParameterException":
      return action === "signUp" || action === "signIn"
        ? "Check the email address and password, then try again."
        : "Something in the form isn't valid. Check it and try again.";
    case "CodeMismatchException":
      return BAD_CODE;
    case "ExpiredCodeException":
      return "That code has expired. Ask for a new one.";
    case "LimitExceededException":
    case "TooManyRequestsException":
    case "TooManyFailedAttemptsException":
      return TOO_MANY;
    case "CodeDeliveryFailureException":
      return "We couldn't send the code. Try again in a moment.";
    case "PasswordResetRequiredException":
      return "This account needs a new password. Choose “Forgot your password?” to set one.";
    case "NETWORK":
      return "Couldn't reach the sign-in service. Check your connection and try again.";
    case "CHALLENGE":
      return message;
    default:
      return null;
  }
}

/** Only these carry a message worth showing: the rules a password broke, a malformed field. */
const DETAILED = new Set(["InvalidPasswordException", "InvalidParameterException", "UNKNOWN", "BAD_RESPONSE"]);

/** A friendly sentence (and, where it helps, Cognito's own words) for a failed auth call. */
export function describeAuthError(error: unknown, action: AuthAction): AuthProblem {
  const type = authErrorType(error);
  const message = error instanceof Error ? error.message : String(error);
  const known = sentenceFor(type, message, action);
  const sentence = known ?? "Something went wrong. Please try again.";
  const detail = DETAILED.has(type) || known === null ? message : null;
  return { sentence, detail: detail && detail !== sentence ? detail : null };
}
