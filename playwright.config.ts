import { chromium, defineConfig } from "@playwright/test";
import fs from "node:fs";
import { e2eLlm, storageState } from "./e2e/fixtures";
import { findChromium } from "./scripts/lib/chromium";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;

function executablePath(): string {
  const found = findChromium() ?? (fs.existsSync(chromium.executablePath()) ? chromium.executablePath() : null);
  if (!found) {
    throw new Error(
      "No Chromium found for the e2e tests. Install Debian's package (apt-get install chromium), " +
        "or set CHROMIUM_PATH to a Chromium or Chrome binary. `npm test` installs it itself when run as root on Debian.",
    );
  }
  return found;
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // The embedded database serves one query at a time; one browser keeps timings honest.
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: executablePath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "agent", testMatch: /.*\.agent\.spec\.ts/, dependencies: ["setup"], use: { storageState: storageState.agent } },
    { name: "admin", testMatch: /.*\.admin\.spec\.ts/, dependencies: ["setup"], use: { storageState: storageState.admin } },
    { name: "anonymous", testMatch: /.*\.anon\.spec\.ts/, dependencies: ["setup"] },
    // The second console, whose drafts stream from a local OpenAI-compatible server.
    { name: "llm", testMatch: /.*\.llm\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${e2eLlm.port}` } },
  ],
  webServer: {
    command: "node --conditions=react-server --import tsx scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // The server's per-request info lines would bury the test report; LOG_LEVEL=info shows them.
    env: { PORT: String(port), NEXT_TELEMETRY_DISABLED: "1", MEM0_TELEMETRY: "false", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
  },
});
