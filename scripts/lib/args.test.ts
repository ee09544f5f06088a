import { describe, expect, it } from "vitest";
import { defineCommandLine, parseCommandLine } from "./args";

const spec = defineCommandLine({
  name: "tool",
  usage: ["npm run tool -- [--dry-run] [--workspace <slug>] <file>..."],
  summary: "Does the thing.",
  options: {
    "dry-run": { type: "boolean", description: "change nothing" },
    workspace: { type: "string", value: "<slug>", description: "only this workspace" },
  },
  positionals: true,
});

describe("parseCommandLine", () => {
  it("returns the flags and the words after them", () => {
    expect(parseCommandLine(spec, ["--dry-run", "--workspace", "acme", "a.json", "b.json"])).toEqual({
      kind: "run",
      values: { "dry-run": true, workspace: "acme" },
      positionals: ["a.json", "b.json"],
    });
    expect(parseCommandLine(spec, ["--workspace=acme"])).toMatchObject({ kind: "run", values: { workspace: "acme" } });
  });

  it("prints help listing every option, -h included", () => {
    for (const flag of ["--help", "-h"]) {
      const parsed = parseCommandLine(spec, ["a.json", flag]);
      expect(parsed.kind).toBe("help");
      const text = parsed.kind === "help" ? parsed.text : "";
      expect(text).toMatch(/^usage: npm run tool -- \[--dry-run\]/);
      expect(text).toContain("Does the thing.");
      expect(text).toMatch(/--workspace <slug>\s+only this workspace/);
      expect(text).toMatch(/-h, --help\s+show this help/);
    }
  });

  it("names an unknown flag, a missing value and an unexpected word", () => {
    const problem = (args: string[], onSpec: Parameters<typeof parseCommandLine>[0] = spec) => {
      const parsed = parseCommandLine(onSpec, args);
      return parsed.kind === "usage-error" ? parsed.text.split("\n")[0] : parsed.kind;
    };
    expect(problem(["--dryrun"])).toBe("tool: unknown option --dryrun");
    expect(problem(["-x"])).toBe("tool: unknown option -x");
    expect(problem(["--workspace"])).toBe("tool: option --workspace needs a value");
    expect(problem(["--workspace", "--dry-run"])).toBe("tool: option --workspace needs a value");
    expect(problem(["--dry-run=yes"])).toBe("tool: option '--dry-run' does not take an argument");
    expect(problem(["extra"], { ...spec, positionals: false })).toBe("tool: unexpected argument extra");
    const full = parseCommandLine(spec, ["--nope"]);
    expect(full.kind === "usage-error" && full.text).toBe(
      "tool: unknown option --nope\nusage: npm run tool -- [--dry-run] [--workspace <slug>] <file>...\nRun it with --help to see every option.",
    );
  });
});
