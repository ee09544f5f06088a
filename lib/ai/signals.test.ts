import { describe, expect, it } from "vitest";
import { assessMessage } from "./signals";

describe("assessMessage", () => {
  it("hears frustration and urgency", () => {
    const signals = assessMessage("This is the THIRD time! Still broken and we have no heating, it's unacceptable.");
    expect(signals).toMatchObject({ sentiment: "negative", urgency: "high" });
    expect(signals.because).toEqual(expect.arrayContaining(["still", "broken", "unacceptable", "no heating"]));
  });

  it("hears thanks as positive and not urgent", () => {
    expect(assessMessage("That worked, thank you so much!")).toMatchObject({ sentiment: "positive", urgency: "low" });
  });

  it("leaves a plain question neutral", () => {
    expect(assessMessage("How do I change the time zone of my plugs?")).toMatchObject({ sentiment: "neutral", urgency: "normal" });
  });
});
