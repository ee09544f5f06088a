import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { envKeysRead, readEnvFile } from "@/test/env-file";
import { parseEnv } from "./env";

// .env.example is the operator's list of settings: it must name every one lib/env.ts reads,
// and the values it sets must be the defaults, so copying it changes nothing by itself.

const setting = /^#?\s*[A-Z][A-Z0-9_]*=/;

describe(".env.example", () => {
  const example = readEnvFile(".env.example");

  it("names every setting lib/env.ts reads", () => {
    const keys = envKeysRead();
    expect(keys).toContain("SHUTDOWN_TIMEOUT_MS");
    expect(keys.filter((key) => !example.documented.has(key))).toEqual([]);
  });

  it("sets each to its default (empty where unset is the default), so a copy parses to the same settings", () => {
    expect(parseEnv(example.set)).toEqual(parseEnv({}));
  });

  it("explains each setting in the comment above it (or above its group, like the three prices)", () => {
    const lines = fs.readFileSync(".env.example", "utf8").split("\n");
    const explained = (index: number): boolean => {
      const above = lines[index - 1] ?? "";
      if (setting.test(above) && !above.startsWith("#")) return explained(index - 1);
      return above.startsWith("#");
    };
    expect(lines.filter((line, index) => setting.test(line) && !explained(index))).toEqual([]);
  });
});
