import path from "node:path";
import { defineConfig } from "vitest/config";

const shared = {
  resolve: {
    tsconfigPaths: true,
    // `server-only` throws outside Next's server bundles; tests are server code too.
    alias: { "server-only": path.resolve("test/server-only.ts") },
  },
};

const integration = (mode: "pglite" | "postgres") => ({
  ...shared,
  test: {
    name: `integration-${mode}`,
    include: ["lib/**/*.integration.test.ts", "test/**/*.integration.test.ts"],
    // Warnings and errors only: the jobs' and requests' info lines would bury the results.
    env: { TEST_DB_MODE: mode, NODE_ENV: "test" as const, LOG_LEVEL: "warn" },
    setupFiles: ["test/setup-integration.ts"],
    globalSetup: mode === "postgres" ? ["test/postgres-global-setup.ts"] : [],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite runs in-process and one file at a time keeps the 2-core machine responsive.
    fileParallelism: mode === "postgres",
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**", "e2e/**"],
        },
      },
      integration("pglite"),
      integration("postgres"),
    ],
  },
});
