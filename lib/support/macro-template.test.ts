import { describe, expect, it } from "vitest";
import { fillPlaceholders, firstNameOf, placeholderProblem } from "./macro-template";

const values = { "customer.name": "Dana Lee", "customer.firstName": "Dana", "ticket.number": "42", "agent.name": "Sam" };

describe("macro placeholders", () => {
  it("accepts the known placeholders, with or without spaces inside the braces", () => {
    expect(placeholderProblem("Hi {{customer.firstName}}, ticket #{{ ticket.number }}. {{agent.name}}")).toBeNull();
    expect(placeholderProblem("No placeholders at all.")).toBeNull();
  });

  it("names unknown placeholders and refuses stray braces", () => {
    expect(placeholderProblem("Hi {{customer.email}} and {{ secret }}")).toMatch(
      /Unknown placeholders \{\{customer\.email\}\}, \{\{secret\}\}/,
    );
    expect(placeholderProblem("Hi {{customer.name}")).toMatch(/two braces/);
    expect(placeholderProblem("Hi {{constructor}}")).toMatch(/Unknown placeholder \{\{constructor\}\}/);
  });

  it("fills in one pass: a value that looks like a placeholder stays text", () => {
    expect(fillPlaceholders("Hi {{customer.firstName}}, re #{{ticket.number}} — {{agent.name}}", values)).toBe("Hi Dana, re #42 — Sam");
    const hostile = { ...values, "customer.name": "{{agent.name}} <script>alert(1)</script>" };
    expect(fillPlaceholders("Dear {{customer.name}}", hostile)).toBe("Dear {{agent.name}} <script>alert(1)</script>");
  });

  it("takes the first word of a name", () => {
    expect(firstNameOf("  Dana   Lee ")).toBe("Dana");
    expect(firstNameOf("")).toBe("");
  });
});
