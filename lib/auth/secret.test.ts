import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deriveSecret, rootSecret, SecretError } from "./secret";

// The root secret comes from a file in DATA_DIR when AUTH_SECRET is unset.
const dirs: string[] = [];
function useDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-secret-"));
  dirs.push(dir);
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
  delete process.env.AUTH_SECRET;
  process.env.DATA_DIR = dir;
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
  delete process.env.DATA_DIR;
});

describe("root secret", () => {
  it("is generated once into DATA_DIR, owner-only, and read back the same", () => {
    const dir = useDataDir();
    const first = rootSecret();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(rootSecret()).toBe(first);
    expect(fs.statSync(path.join(dir, "auth-secret")).mode & 0o077).toBe(0);
  });

  it("refuses an empty or truncated secret file instead of signing with it", () => {
    const dir = useDataDir();
    fs.writeFileSync(path.join(dir, "auth-secret"), "");
    expect(() => rootSecret()).toThrow(SecretError);
    fs.writeFileSync(path.join(dir, "auth-secret"), "short\n");
    expect(() => rootSecret()).toThrow(/too short a secret/);
  });

  it("gives each use its own key, none equal to the root secret", () => {
    useDataDir();
    const keys = (["session", "ticket-link", "privacy", "audit", "rate-limit"] as const).map((purpose) =>
      deriveSecret(purpose).toString("hex"),
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain(Buffer.from(rootSecret()).toString("hex"));
    expect(deriveSecret("audit").toString("hex")).toBe(keys[3]);
  });
});
