import fs from "node:fs";
import { parseEnv } from "@/lib/env";

/** Every variable lib/env.ts reads, found by watching parseEnv read an empty environment. */
export function envKeysRead(): string[] {
  const read = new Set<string>();
  const watched = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(_target, key) {
        if (typeof key === "string") read.add(key);
        return undefined;
      },
    },
  );
  parseEnv(watched);
  return [...read];
}

/**
 * An env file as docker compose and dotenv read the simple ones: KEY=value lines, values
 * optionally in double quotes; `# KEY=value` lines are documented but not set.
 */
export function readEnvFile(file: string): { set: Record<string, string>; documented: Set<string> } {
  const set: Record<string, string> = {};
  const documented = new Set<string>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, commented, key, raw] = match;
    documented.add(key!);
    if (!commented) set[key!] = /^".*"$/.test(raw!) ? raw!.slice(1, -1) : raw!;
  }
  return { set, documented };
}
