import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to the embedded database on port 3000 in .data", () => {
    const config = parseEnv({});
    expect(config.databaseMode).toBe("embedded");
    expect(config.PORT).toBe(3000);
    expect(config.dataDir.endsWith(".data")).toBe(true);
    expect(config.DEMO_PASSWORD).toBe("demo-password");
  });

  it("switches to server mode with a PostgreSQL DATABASE_URL", () => {
    const config = parseEnv({ DATABASE_URL: "postgresql://app@db.internal:5432/support" });
    expect(config.databaseMode).toBe("server");
  });

  it("names each bad variable in its message", () => {
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://localhost/app" });
      expect.unreachable("parseEnv accepted a bad environment");
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as Error).message;
      expect(message).toContain("PORT");
      expect(message).toContain("DATABASE_URL");
      expect(message).toContain("postgresql://");
    }
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).databaseMode).toBe("embedded");
  });

  it("rejects a short AUTH_SECRET", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
  });

  it("takes an encryption key of 32 bytes as base64 or hex, and names a bad one", () => {
    const base64 = Buffer.alloc(32, 7).toString("base64");
    expect(parseEnv({ APP_ENCRYPTION_KEY: base64 }).APP_ENCRYPTION_KEY).toBe(base64);
    expect(parseEnv({ APP_ENCRYPTION_KEY: "ab".repeat(32), APP_ENCRYPTION_PREVIOUS_KEYS: ` ${base64}, ${"cd".repeat(32)} ` }).APP_ENCRYPTION_PREVIOUS_KEYS).toEqual([base64, "cd".repeat(32)]);
    expect(() => parseEnv({ APP_ENCRYPTION_KEY: "not-a-key" })).toThrow(/APP_ENCRYPTION_KEY/);
    expect(() => parseEnv({ APP_ENCRYPTION_PREVIOUS_KEYS: `${base64},short` })).toThrow(/APP_ENCRYPTION_PREVIOUS_KEYS/);
  });
});
