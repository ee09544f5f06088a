import { describe, expect, it } from "vitest";
import { stepKey, stepsFromNote, stepsTriedSchema } from "./steps";

describe("steps tried", () => {
  it("reads a note's first line when it starts with Tried:, semicolons separating steps", () => {
    expect(stepsFromNote("Tried: power-cycled the hub; swapped the Ethernet cable\nStill offline, escalating.")).toEqual([
      "power-cycled the hub",
      "swapped the Ethernet cable",
    ]);
    expect(stepsFromNote("  tried:   factory reset  ")).toEqual(["factory reset"]);
    expect(stepsFromNote("Customer says they tried: a factory reset")).toEqual([]);
    expect(stepsFromNote("Tried:\nnothing on this line")).toEqual([]);
    expect(stepsFromNote(`Tried: ${"x".repeat(400)}`)[0]).toHaveLength(300);
  });

  it("takes the checklist as a list or one step a line, and refuses too many or too long", () => {
    expect(stepsTriedSchema.parse(["  Restarted the router ", ""])).toEqual(["Restarted the router"]);
    expect(stepsTriedSchema.parse("Restarted the router\n\nUpdated the firmware\n")).toEqual([
      "Restarted the router",
      "Updated the firmware",
    ]);
    expect(stepsTriedSchema.safeParse(Array.from({ length: 11 }, (_, index) => `step ${index}`)).success).toBe(false);
    expect(stepsTriedSchema.safeParse(["y".repeat(301)]).success).toBe(false);
  });

  it("compares steps by their words", () => {
    expect(stepKey("Restarted the router.")).toBe(stepKey("restarted  the ROUTER"));
  });
});
