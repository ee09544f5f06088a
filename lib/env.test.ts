import { describe, expect, it } from "vitest";
import { EnvError, listenHost, parseEnv } from "./env";

describe("parseEnv", () => {
  it("listens on this machine only in the embedded default, unless HOST says otherwise", () => {
    expect(listenHost(parseEnv({}))).toBe("127.0.0.1");
    expect(listenHost(parseEnv({ HOST: "0.0.0.0" }))).toBe("0.0.0.0");
    expect(listenHost(parseEnv({ DATABASE_URL: "postgresql://app@db.internal:5432/support" }))).toBe("0.0.0.0");
  });

  it("refuses a TRUSTED_PROXIES value it cannot read, and reads hop counts and CIDRs", () => {
    expect(() => parseEnv({ TRUSTED_PROXIES: "everyone" })).toThrow(/TRUSTED_PROXIES/);
    expect(parseEnv({ TRUSTED_PROXIES: "1" }).TRUSTED_PROXIES).toBe("1");
    expect(parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8, loopback" }).TRUSTED_PROXIES).toBe("10.0.0.0/8, loopback");
  });

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
    expect(
      parseEnv({ APP_ENCRYPTION_KEY: "ab".repeat(32), APP_ENCRYPTION_PREVIOUS_KEYS: ` ${base64}, ${"cd".repeat(32)} ` })
        .APP_ENCRYPTION_PREVIOUS_KEYS,
    ).toEqual([base64, "cd".repeat(32)]);
    expect(() => parseEnv({ APP_ENCRYPTION_KEY: "not-a-key" })).toThrow(/APP_ENCRYPTION_KEY/);
    expect(() => parseEnv({ APP_ENCRYPTION_PREVIOUS_KEYS: `${base64},short` })).toThrow(/APP_ENCRYPTION_PREVIOUS_KEYS/);
  });

  it("reads IMAP_URL with its mailbox, and wants IMAP_WORKSPACE with it", () => {
    const config = parseEnv({ IMAP_URL: "imaps://support%40acme.example:p%3Ass@imap.acme.example/Support", IMAP_WORKSPACE: "acme" });
    expect(config.IMAP_URL).toBe("imaps://support%40acme.example:p%3Ass@imap.acme.example/Support");
    expect(config.IMAP_WORKSPACE).toBe("acme");
    expect(() => parseEnv({ IMAP_URL: "imaps://user:pw@imap.acme.example" })).toThrow(/IMAP_WORKSPACE: is required when IMAP_URL is set/);
    expect(() => parseEnv({ IMAP_URL: "pop3://user:pw@mail.acme.example", IMAP_WORKSPACE: "acme" })).toThrow(
      /IMAP_URL: must start with imap:\/\/ or imaps:\/\//,
    );
    expect(() => parseEnv({ IMAP_URL: "imap://imap.acme.example", IMAP_WORKSPACE: "acme" })).toThrow(/IMAP_URL: must include the user/);
    expect(parseEnv({ IMAP_URL: "", IMAP_WORKSPACE: "" }).IMAP_URL).toBeUndefined();
  });
});
