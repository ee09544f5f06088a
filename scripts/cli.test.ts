import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The command-line tools as an operator runs them (npm run retention -- ...): --help and a
// mistyped flag answer at once, and neither opens the database.

function run(script: string, args: string[]) {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "recall-cli-")), "data");
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, MEM0_TELEMETRY: "false" };
  delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", `scripts/${script}.ts`, ...args], {
    env,
    encoding: "utf8",
    timeout: 30_000,
  });
  const opened = fs.existsSync(dataDir);
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, opened };
}

describe("command-line tools", () => {
  it("print --help and exit 0 without opening the database", () => {
    const retention = run("retention", ["--help"]);
    expect(retention).toMatchObject({ status: 0, stderr: "", opened: false });
    expect(retention.stdout).toMatch(/^usage: npm run retention \[-- --dry-run\] \[--workspace <slug>\]/);
    expect(retention.stdout).toMatch(/--dry-run\s+print what a run would do/);

    const privacy = run("privacy", ["erase", "--help"]);
    expect(privacy).toMatchObject({ status: 0, opened: false });
    expect(privacy.stdout).toContain("npm run privacy -- rotate-key");
  }, 60_000);

  it("refuse an unknown flag with a message naming it and exit code 2", () => {
    const retention = run("retention", ["--dryrun"]);
    expect(retention).toMatchObject({ status: 2, stdout: "", opened: false });
    expect(retention.stderr).toMatch(/^retention: unknown option --dryrun\nusage: npm run retention/);

    const privacy = run("privacy", ["export", "--workspace", "acme", "--email", "a@customers.example", "--mail", "x"]);
    expect(privacy).toMatchObject({ status: 2, opened: false });
    expect(privacy.stderr).toMatch(/^privacy: unknown option --mail/);
  }, 60_000);
});
