import { describe, expect, it } from "vitest";
import { beginShutdown, onShutdown, runShutdownSteps, shutdownBegun } from "./shutdown";

describe("shutdown steps", () => {
  it("run once, in the order registered, a failing one logged without stopping the rest; a label registered again replaces its step", async () => {
    const ran: string[] = [];
    const logged: string[] = [];
    onShutdown("jobs", () => ran.push("old jobs"));
    onShutdown("background work", () => Promise.reject(new Error("extraction failed")));
    onShutdown("database", async () => {
      await Promise.resolve();
      ran.push("database");
    });
    onShutdown("jobs", () => ran.push("jobs"));
    await runShutdownSteps((line) => logged.push(line));
    expect(ran).toEqual(["jobs", "database"]);
    expect(logged).toEqual(["[shutdown] background work: extraction failed"]);
    await runShutdownSteps((line) => logged.push(line));
    expect(ran).toEqual(["jobs", "database"]);
  });

  it("is marked begun once beginShutdown is called", () => {
    expect(shutdownBegun()).toBe(false);
    beginShutdown();
    expect(shutdownBegun()).toBe(true);
  });
});
