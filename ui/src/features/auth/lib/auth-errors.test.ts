import { describe, expect, it } from "vitest";

import { CognitoError } from "../api/cognito";

import { describeAuthError } from "./auth-errors";

const fail = (type: string, message = "") => new CognitoError(message, type);

describe("describeAuthError", () => {
  it("never tells whether an account exists: an unknown address reads like a wrong password", () => {
    const unknown = describeAuthError(fail("UserNotFoundException", "User does not exist."), "signIn");
    const wrong = describeAuthError(fail("NotAuthorizedException", "Incorrect username or password."), "signIn");
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({ sentence: "The email address or password is wrong.", detail: null });
    expect(describeAuthError(fail("UserNotFoundException"), "resetPassword").sentence).toBe(
      describeAuthError(fail("CodeMismatchException"), "resetPassword").sentence,
    );
  });

  it.each([
    ["UsernameExistsException", "signUp", "There is already an account with this email address."],
    ["InvalidPasswordException", "signUp", "at least 8 characters, with an upper-case letter"],
    ["CodeMismatchException", "confirmSignUp", "That code isn't right."],
    ["ExpiredCodeException", "resetPassword", "That code has expired. Ask for a new one."],
    ["LimitExceededException", "forgotPassword", "Too many attempts."],
    ["UserNotConfirmedException", "signIn", "Confirm your email address first"],
    ["NotAuthorizedException", "refresh", "Your session has ended."],
    ["NotAuthorizedException", "confirmSignUp", "already confirmed"],
    ["NETWORK", "signIn", "Couldn't reach the sign-in service."],
  ] as const)("%s while %s: %s", (type, action, sentence) => {
    expect(describeAuthError(fail(type), action).sentence).toContain(sentence);
  });

  it("says too many attempts when Cognito locks the password out", () => {
    expect(describeAuthError(fail("NotAuthorizedException", "Password attempts exceeded"), "signIn").sentence).toBe(
      "Too many attempts. Wait a few minutes, then try again.",
    );
  });

  it("keeps Cognito's words where they help: the rule a password broke, or something unforeseen", () => {
    const weak = describeAuthError(fail("InvalidPasswordException", "Password must have symbol characters"), "signUp");
    expect(weak.detail).toBe("Password must have symbol characters");
    const odd = describeAuthError(fail("InternalErrorException", "Boom"), "signIn");
    expect(odd).toEqual({ sentence: "Something went wrong. Please try again.", detail: "Boom" });
  });
});
