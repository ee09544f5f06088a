import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { assertPasswordPolicy, containsOwnDetails, isCommonPassword, passwordMessages, passwordProblem } from "./password-policy";

const owner = { email: "ada.lovelace@analytical.example", name: "Ada Lovelace" };

describe("password policy", () => {
  it("wants 12 to 200 characters", () => {
    expect(passwordProblem("short-pass1", owner)).toBe(passwordMessages.short);
    expect(passwordProblem("x".repeat(201), owner)).toBe(passwordMessages.long);
    expect(passwordProblem("velvet heron lamp", owner)).toBeNull();
    expect(passwordProblem(`${"velvet heron lamp ".repeat(11)}`.slice(0, 200), owner)).toBeNull();
  });

  it("refuses common passwords, with the usual years, suffixes, keyboard walks and l33t spellings", () => {
    for (const password of [
      "password1234",
      "Password2024!",
      "qwertyuiop123",
      "1qaz2wsx3edc",
      "123456789012",
      "P@ssw0rd2024",
      "iloveyou1234",
      "Sunshine12345",
      "welcome12345",
      "!!Football1987",
      "111111111111",
      "Michael19850",
    ]) {
      expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: true });
      expect(passwordProblem(password, owner)).toBe(passwordMessages.common);
    }
  });

  it("accepts long uncommon passwords, a common word with a long random tail included", () => {
    for (const password of [
      "velvet heron lamp",
      "correct-lantern-57-orbit",
      "monkey8472910365",
      "Tr4vel!ng-Kestrel",
      "rival-password-1x",
    ]) {
      expect({ password, common: isCommonPassword(password) }).toEqual({ password, common: false });
    }
  });

  it("refuses the account's own name or email address inside the password", () => {
    expect(containsOwnDetails("ada.lovelace-rules!", owner)).toBe(true);
    expect(containsOwnDetails("MyNameIsLovelace99", owner)).toBe(true);
    expect(containsOwnDetails("adalovelace is great", owner)).toBe(true);
    // Names of three letters or fewer would match too many innocent words.
    expect(containsOwnDetails("canada geese flying", owner)).toBe(false);
    expect(passwordProblem("lovelace-engine-1843", owner)).toBe(passwordMessages.personal);
    expect(passwordProblem("lovelace-engine-1843", { email: "x@y.example", name: "Grace Hopper" })).toBeNull();
  });

  it("throws a field error that does not quote the password", () => {
    let caught: unknown;
    try {
      assertPasswordPolicy("Password2024!", owner, "newPassword");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).fieldErrors).toEqual({ newPassword: [passwordMessages.common] });
    expect(JSON.stringify({ message: (caught as Error).message, fields: (caught as ValidationError).fieldErrors })).not.toContain(
      "Password2024",
    );
  });
});
