import { describe, expect, it } from "vitest";
import { firstSentence, summarizeResolution } from "./issue-summary";

describe("first sentence", () => {
  it("skips a greeting and stops at the end of the first sentence or line", () => {
    expect(firstSentence("Hi Casey,\nHold the reset pin for 15 seconds. Then update over a cable.")).toBe(
      "Hold the reset pin for 15 seconds.",
    );
    expect(firstSentence("Hello, my thermostat shows E4! It will not heat.")).toBe("My thermostat shows E4!");
    expect(firstSentence("Updated to firmware v3.2.1 and set video to Balanced\nthanks")).toBe(
      "Updated to firmware v3.2.1 and set video to Balanced.",
    );
    expect(firstSentence("   ")).toBe("");
  });

  it("collapses whitespace and bounds a long sentence at a word", () => {
    const long = `${"The router   drops ".repeat(40)}every evening.`;
    const sentence = firstSentence(long, 60);
    expect(sentence.length).toBeLessThanOrEqual(60);
    expect(sentence).toMatch(/^The router drops The router drops .*…$/);
    expect(sentence).not.toMatch(/\s{2}/);
  });
});

describe("resolution summary", () => {
  it("takes the problem from the customer's first message and the fix from the note, never the subject when there is a message", () => {
    expect(
      summarizeResolution({
        subject: "Doorbell notifications arrive late",
        firstCustomerMessage: "When someone rings the doorbell my phone buzzes 30 seconds later. The alerts are delayed.",
        resolution: "Updated the doorbell to firmware 3.2.1 and set video quality to Balanced. Customer confirmed.",
      }),
    ).toEqual({
      problem: "When someone rings the doorbell my phone buzzes 30 seconds later.",
      fix: "Updated the doorbell to firmware 3.2.1 and set video quality to Balanced.",
    });
    expect(summarizeResolution({ subject: "Router down", firstCustomerMessage: "", resolution: "Rebooted it" })).toEqual({
      problem: "Router down.",
      fix: "Rebooted it.",
    });
  });
});
