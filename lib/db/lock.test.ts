import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "./lock";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("data folder lock", () => {
  it("refuses a second opener while the first holds it, with a message saying what to do", () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/DATABASE_URL/);
    lock.release();
    acquireDataDirLock(dir).release();
  });

  it("refuses while another live process holds it", () => {
    const dir = tempDir();
    // The parent of this test runner is alive for as long as the test runs.
    fs.writeFileSync(path.join(dir, "db.lock"), String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`pid ${process.ppid}`));
  });

  it("takes over a lock left by a process that has exited", () => {
    const dir = tempDir();
    const exited = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    fs.writeFileSync(path.join(dir, "db.lock"), exited.stdout.trim());
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, "db.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, "db.lock"))).toBe(false);
  });
});
