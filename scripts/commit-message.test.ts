import { describe, expect, it } from "vitest";
import { commitMessageProblems } from "./commit-message.mjs";

describe("commit messages", () => {
  it("accept a short subject with a body after a blank line", () => {
    expect(commitMessageProblems("Fix the inbox filter\n\nThe status filter ignored closed tickets.\n")).toEqual([]);
    expect(commitMessageProblems(`${"x".repeat(72)}\n`)).toEqual([]);
  });

  it("refuse a subject over 72 characters, an empty message and a body glued to the subject", () => {
    expect(commitMessageProblems(`${"x".repeat(73)}\n`)).toEqual([
      "The subject has 73 characters; keep it to 72 and put the detail in the body.",
    ]);
    expect(commitMessageProblems("# only a comment\n\n")).toEqual(["The message is empty: write a subject line."]);
    expect(commitMessageProblems("Subject\nbody right under it\n")).toEqual(["Leave a blank line between the subject and the body."]);
  });

  it("ignore git's comment lines and the subjects git writes itself", () => {
    expect(commitMessageProblems(`Short subject\n# ${"x".repeat(100)}\n`)).toEqual([]);
    expect(commitMessageProblems(`Merge branch '${"x".repeat(80)}'\n`)).toEqual([]);
  });
});
