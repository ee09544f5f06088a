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
});
