import { z } from "zod";
import { text } from "@/lib/validation";

// Steps tried on a ticket, as an agent records them offline:
//   - the reply form's "Tried" checklist: one step per entry (the form sends them one a line);
//   - an internal note whose first line starts with "Tried:" (any case): the rest of that
//     line is the step, and semicolons separate several ("Tried: restarted it; new cable").
// A customer reply is never read this way: it is written to the customer, not the team.

export const MAX_STEP_LENGTH = 300;
export const MAX_STEPS = 10;

const step = text().max(MAX_STEP_LENGTH, `Keep each step under ${MAX_STEP_LENGTH} characters.`);

/** A list of steps, or one string with a step a line (as a form field carries them). */
export const stepsTriedSchema = z
  .union([z.array(z.string()), z.string()])
  .transform((value) => (Array.isArray(value) ? value : value.split("\n")).map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(step).max(MAX_STEPS, `List at most ${MAX_STEPS} steps.`));

const NOTE_PREFIX = /^\s*tried\s*:/i;

export function stepsFromNote(body: string): string[] {
  if (!NOTE_PREFIX.test(body)) return [];
  const line = body.replace(NOTE_PREFIX, "").split("\n")[0] ?? "";
  return line
    .split(";")
    .map((item) => item.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .slice(0, MAX_STEPS)
    .map((item) => (item.length > MAX_STEP_LENGTH ? `${item.slice(0, MAX_STEP_LENGTH - 1)}…` : item));
}

/** Two wordings of one step ("Restarted the router." / "restarted the router") compare equal. */
export const stepKey = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
