import { describe, expect, it } from "vitest";
import { buildDraftMessages, checkDraft, type DraftSource, editRatio, UnusableDraftError } from "./draft-prompt";

const sources: DraftSource[] = [
  { n: 1, id: "m-1", scope: "agent", type: "solution", text: "Issue: E4 error Solution: Hold mode for ten seconds." },
  { n: 2, id: "m-2", scope: "customer", type: "preference", text: "Prefers short answers." },
];

describe("checkDraft", () => {
  it("maps citations to sources in order of first use", () => {
    const checked = checkDraft("Hi Casey,\nHold mode for ten seconds [1]. Keeping it short as you like [2]. Again [1].", sources);
    expect(checked.citations.map((source) => source.id)).toEqual(["m-1", "m-2"]);
    expect(checked.warnings).toEqual([]);
  });

  it("removes citations of unknown sources with a warning, and warns when nothing is cited", () => {
    const checked = checkDraft("Hi Casey, our records say so [7]. Best, Sam", sources);
    expect(checked.text).toBe("Hi Casey, our records say so. Best, Sam");
    expect(checked.warnings.join(" ")).toMatch(/\[7\].*removed/);
    expect(checked.warnings.join(" ")).toMatch(/cites no memory/);
  });

  it("refuses empty, garbled or markup answers", () => {
    expect(() => checkDraft("   \n", sources)).toThrow(UnusableDraftError);
    expect(() => checkDraft("Hi \uFFFD\uFFFD there, your router is fine", sources)).toThrow(/garbled/);
    expect(() => checkDraft('{"reply": "Hi Casey, hold mode for ten seconds"}', sources)).toThrow(/garbled/);
    expect(() => checkDraft("Ok.", sources)).toThrow(/too short/);
  });
});

describe("buildDraftMessages", () => {
  it("numbers the memories, labels the conversation and follows the customer's preference", () => {
    const [system, user] = buildDraftMessages({
      customerName: "Casey Customer",
      agentName: "Sam",
      preference: "short answers",
      subject: "E4",
      conversation: [
        { kind: "CUSTOMER", body: "My thermostat shows E4." },
        { kind: "NOTE", body: "Check warranty." },
      ],
      sources,
    });
    expect(system!.content).toContain("short answers");
    expect(user!.content).toContain("[1] (team knowledge, solution) Issue: E4 error");
    expect(user!.content).toContain("[2] (about this customer, preference)");
    expect(user!.content).toContain("Casey Customer: My thermostat shows E4.");
    expect(user!.content).toContain("Internal note: Check warranty.");
  });
});

describe("editRatio", () => {
  it("is 0 for an unchanged draft, 1 for a rewrite, and in between for an edit", () => {
    expect(editRatio("Hold mode for ten seconds.", "Hold mode for ten seconds.")).toBe(0);
    expect(editRatio("Hold mode for ten seconds.", "Please call us.")).toBe(1);
    expect(editRatio("Hi Casey, hold mode for ten seconds. Best, Sam", "Hi Casey, hold mode for twenty seconds. Best, Sam")).toBeCloseTo(1 / 9, 5);
  });
});
