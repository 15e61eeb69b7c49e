import { describe, expect, it } from "vitest";

import { passwordProblem, unmetRules } from "./password-policy";

describe("the password policy", () => {
  it("accepts 8+ characters with an upper-case letter, a lower-case letter and a digit; symbols optional", () => {
    expect(passwordProblem("Sunny2026")).toBeNull();
    expect(passwordProblem("Ünïcode9ä")).toBeNull();
    expect(passwordProblem("Sunny-days-2026!")).toBeNull();
  });

  it("names every rule still missing", () => {
    expect(unmetRules("sunny").map((rule) => rule.id)).toEqual(["length", "upper", "digit"]);
    expect(passwordProblem("SUNNY2026")).toBe("The password needs a lower-case letter.");
    expect(passwordProblem("")).toBe(
      "The password needs at least 8 characters, an upper-case letter, a lower-case letter, a digit.",
    );
  });

  it("refuses leading and trailing spaces, as Cognito does", () => {
    expect(passwordProblem(" Sunny2026")).toBe("The password can't start or end with a space.");
  });
});
