// The commit-message rule (issue 16): a subject of at most 72 characters, then a blank line
// before any body. Run by .githooks/commit-msg (installed by `npm install`, see
// scripts/install-hooks.mjs) as `node scripts/commit-message.mjs <message file>`.
import fs from "node:fs";
import { fileURLToPath } from "node:url";

export const MAX_SUBJECT = 72;

/** The problems of a commit message as git would record it (comment lines dropped); empty when fine. */
export function commitMessageProblems(message) {
  const lines = message
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  const subject = lines[0] ?? "";
  // git writes these subjects itself.
  if (/^(Merge|Revert) /.test(subject) || /^(fixup|squash)! /.test(subject)) return [];
  const problems = [];
  if (!subject.trim()) problems.push("The message is empty: write a subject line.");
  if ([...subject].length > MAX_SUBJECT)
    problems.push(`The subject has ${[...subject].length} characters; keep it to ${MAX_SUBJECT} and put the detail in the body.`);
  if (lines.length > 1 && lines[1] !== "") problems.push("Leave a blank line between the subject and the body.");
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  const problems = commitMessageProblems(fs.readFileSync(file, "utf8"));
  if (problems.length > 0) {
    console.error(`commit-msg: ${problems.join("\ncommit-msg: ")}`);
    process.exit(1);
  }
}
