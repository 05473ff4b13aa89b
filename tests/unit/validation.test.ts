import { describe, expect, it } from "vitest";
import { PASSWORD_MIN_LENGTH, fieldErrors, signInSchema, signUpSchema } from "../../lib/auth/validation.ts";

const GOOD = { name: "Ada Lovelace", email: "ada@example.com", password: "correct-horse-battery" };

/** The messages the sign-up form would show next to its fields (or null when accepted). */
function signUpErrors(input: unknown): Record<string, string> | null {
  const r = signUpSchema.safeParse(input);
  return r.success ? null : fieldErrors(r.error);
}

describe("sign-up validation", () => {
  it("accepts a good name, email and password", () => {
    expect(signUpErrors(GOOD)).toBeNull();
  });

  it("trims and lowercases the email so one person cannot get two accounts by case or spaces", () => {
    const r = signUpSchema.parse({ ...GOOD, email: "  Ada.Lovelace@Example.COM \n" });
    expect(r.email).toBe("ada.lovelace@example.com");
  });

  it("trims the name", () => {
    expect(signUpSchema.parse({ ...GOOD, name: "  Ada  " }).name).toBe("Ada");
  });

  it.each(["", "   "])("requires a name (%j)", (name) => {
    expect(signUpErrors({ ...GOOD, name })).toEqual({ name: "Enter your name." });
  });

  it("requires a name when the field is missing", () => {
    const { name: _omit, ...rest } = GOOD;
    expect(signUpErrors(rest)).toEqual({ name: "Enter your name." });
  });

  it("refuses a name over 80 characters", () => {
    expect(signUpErrors({ ...GOOD, name: "x".repeat(81) })).toEqual({ name: "Name is too long: use at most 80 characters." });
    expect(signUpErrors({ ...GOOD, name: "x".repeat(80) })).toBeNull();
  });

  it.each(["ada", "ada@", "@example.com", "ada@example", "ada example@example.com", "ada@@example.com"])(
    "explains a malformed email (%j)",
    (email) => {
      expect(signUpErrors({ ...GOOD, email })).toEqual({ email: "Enter a valid email address, like name@example.com." });
    },
  );

  it("asks for the email when it is blank or missing", () => {
    expect(signUpErrors({ ...GOOD, email: "   " })).toEqual({ email: "Enter your email address." });
    const { email: _omit, ...rest } = GOOD;
    expect(signUpErrors(rest)).toEqual({ email: "Enter your email address." });
  });

  it("refuses an email longer than 254 characters", () => {
    const email = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`; // 259 chars
    expect(signUpErrors({ ...GOOD, email })).toEqual({ email: "That email address is too long." });
  });

  it(`refuses a password shorter than ${PASSWORD_MIN_LENGTH} characters`, () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(signUpErrors({ ...GOOD, password: "Zx9!kq#Lm" })).toEqual({
      password: "Password is too weak: use at least 10 characters.",
    });
    expect(signUpErrors({ ...GOOD, password: "Zx9!kq#Lmw" })).toBeNull();
  });

  it("asks for a password when it is missing or empty", () => {
    const { password: _omit, ...rest } = GOOD;
    expect(signUpErrors(rest)).toEqual({ password: "Enter a password." });
    expect(signUpErrors({ ...GOOD, password: "" })).toEqual({ password: "Enter a password." });
  });

  it("refuses a password with fewer than 5 different characters", () => {
    expect(signUpErrors({ ...GOOD, password: "abababababcd" })).toEqual({
      password: "Password is too weak: use at least 5 different characters.",
    });
  });

  it.each(["password123", "Password123", "QWERTYUIOP", "changeme123", "proofdeck123", "1q2w3e4r5t"])(
    "refuses a common password (%j), whatever its case",
    (password) => {
      expect(signUpErrors({ ...GOOD, password })).toEqual({
        password: "Password is too weak: it is one of the most common passwords.",
      });
    },
  );

  it("refuses a password that contains the email name, whatever its case", () => {
    const weak = { password: "Password is too weak: it contains your email name." };
    expect(signUpErrors({ ...GOOD, email: "lovelace@example.com", password: "my-lovelace-2026" })).toEqual(weak);
    expect(signUpErrors({ ...GOOD, email: "Lovelace@example.com", password: "My-LOVELACE-2026" })).toEqual(weak);
  });

  it("does not apply the email-name rule to very short email names", () => {
    // "al" is too short to be a meaningful hint; a password containing it is fine.
    expect(signUpErrors({ ...GOOD, email: "al@example.com", password: "walnut-crater-99" })).toBeNull();
  });

  it("refuses a password over 200 characters", () => {
    const password = "Zx9!kq#Lmw".repeat(20) + "a";
    expect(signUpErrors({ ...GOOD, password })).toEqual({ password: "Password is too long: use at most 200 characters." });
  });

  it("reports one message per field, for every wrong field at once", () => {
    expect(signUpErrors({ name: "", email: "nope", password: "short" })).toEqual({
      name: "Enter your name.",
      email: "Enter a valid email address, like name@example.com.",
      password: "Password is too weak: use at least 10 characters.",
    });
  });
});

describe("sign-in validation", () => {
  it("normalises the email the same way as sign-up", () => {
    expect(signInSchema.parse({ email: " ADA@Example.com", password: "x" }).email).toBe("ada@example.com");
  });

  it("does not apply the sign-up strength rules (old passwords still sign in)", () => {
    expect(signInSchema.safeParse({ email: "ada@example.com", password: "short" }).success).toBe(true);
  });

  it("asks for the password when it is empty", () => {
    const r = signInSchema.safeParse({ email: "ada@example.com", password: "" });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!)).toEqual({ password: "Enter your password." });
  });
});
