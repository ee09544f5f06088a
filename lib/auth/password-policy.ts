import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password-length";

// One rule for every password a person sets (invitation, change, reset, a new workspace's
// admin), after NIST SP 800-63B 5.1.1.2: length over composition rules, and no password
// that is common or built from the account's own name or address. The list ships with the
// app (lib/auth/common-passwords.txt, scripts/generate-common-passwords.mjs): no network.

export { PASSWORD_MAX, PASSWORD_MIN };

export const passwordMessages = {
  short: `Use at least ${PASSWORD_MIN} characters.`,
  long: `Use at most ${PASSWORD_MAX} characters.`,
  common:
    "This password is too common: it is on lists attackers try first. Choose something less predictable, such as a few unrelated words.",
  personal: "Do not use your name or email address in your password.",
} as const;

let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
  if (!common) {
    const file = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "auth", "common-passwords.txt");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    common = new Set(lines.map((line) => line.trim()).filter((line) => line && !line.startsWith("#")));
  }
  return common;
}

const leet: Record<string, string> = { "@": "a", "4": "a", "8": "b", "3": "e", "1": "i", "!": "i", "0": "o", $: "s", "5": "s", "7": "t" };
// A short run of digits and symbols around a common word ("Summer2024!", "123password")
// adds little: people pick exactly those. A long random run is left alone.
const EDGE = /^[\d\W_]{1,4}|[\d\W_]{1,8}$/g;

/** The forms of a password looked up in the list: as typed, without a short edge of digits and symbols, and with l33t spelling undone. */
function variants(password: string): string[] {
  const lower = password.toLowerCase();
  const core = lower.replace(EDGE, "");
  const plain = [...core].map((char) => leet[char] ?? char).join("");
  return [lower, core, plain].filter((value) => value.length > 0);
}

export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  return variants(password).some((value) => list.has(value));
}

/** Whether the password contains the account's email (its local part) or a part of its name of 4+ letters. */
export function containsOwnDetails(password: string, owner: { email?: string | null; name?: string | null }): boolean {
  const lower = password.toLowerCase();
  const squashed = lower.replace(/[\s._+-]/g, "");
  const local = (owner.email ?? "").toLowerCase().split("@")[0] ?? "";
  const pieces = [local, local.replace(/[._+-]/g, "")].filter((piece) => piece.length >= 4);
  const name = (owner.name ?? "").toLowerCase().trim();
  pieces.push(...name.split(/[\s._'-]+/).filter((part) => part.length >= 4));
  if (name.replace(/\s+/g, "").length >= 4) pieces.push(name.replace(/\s+/g, ""));
  return pieces.some((piece) => lower.includes(piece) || squashed.includes(piece));
}

/** Length and the common list: the part of the rule that needs no account. Forms can show it per field. */
export const passwordSchema = z
  .string(passwordMessages.short)
  .min(PASSWORD_MIN, passwordMessages.short)
  .max(PASSWORD_MAX, passwordMessages.long)
  .refine((value) => !isCommonPassword(value), passwordMessages.common);

/** The first rule the password breaks for this account, or null. */
export function passwordProblem(password: string, owner: { email?: string | null; name?: string | null }): string | null {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? passwordMessages.short;
  if (containsOwnDetails(password, owner)) return passwordMessages.personal;
  return null;
}

/** For lib verbs that set a password: throws a ValidationError on `field` (never quoting the password). */
export function assertPasswordPolicy(password: string, owner: { email?: string | null; name?: string | null }, field = "password"): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw new ValidationError("Please choose another password.", { [field]: [problem] });
}
