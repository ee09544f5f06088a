import fs from "node:fs";
import path from "node:path";
import { expectAccessible } from "./accessibility";

export const e2eDataDir = path.resolve(".test-data", "e2e");
/** The demo workspace's API key in the e2e database (a test value, not a secret). */
export const e2eApiKey = "rk_e2e_demo_key_0123456789abcdef";
export const e2eFixturesFile = path.resolve(".test-data", "e2e-fixtures.json");

export interface E2EFixtures {
  demoTicketId: string;
  demoTicketSubject: string;
  rivalTicketId: string;
  rival: { email: string; password: string };
  memoryTicketId: string;
  memoryTicketToken: string;
  followUpTicketId: string;
  /** An agent e2e/sign-in-lockout.anon.spec.ts locks out by failing to sign in. */
  lockout: { email: string; password: string; name: string };
  /** An agent e2e/two-factor.anon.spec.ts turns two-factor sign-in on for. */
  twoFactor: { email: string; password: string; name: string };
  /** A customer e2e/privacy.anon.spec.ts exports and then erases. */
  privacy: { email: string; name: string; phrase: string; ticketId: string };
}

/** The second console, with a local OpenAI-compatible server (scripts/e2e-server.ts). */
export const e2eLlm = {
  port: Number(process.env.E2E_LLM_PORT ?? 3211),
  openaiPort: Number(process.env.E2E_OPENAI_PORT ?? 3299),
  model: "support-test-model",
  dataDir: path.resolve(".test-data", "e2e-llm"),
  fixturesFile: path.resolve(".test-data", "e2e-llm-fixtures.json"),
};

export function readFixtures(variant: "offline" | "llm" = "offline"): E2EFixtures {
  return JSON.parse(fs.readFileSync(variant === "llm" ? e2eLlm.fixturesFile : e2eFixturesFile, "utf8")) as E2EFixtures;
}

export const demo = {
  agent: { email: "agent@demo.example", password: "demo-password", name: "Sam Okafor" },
  admin: { email: "admin@demo.example", password: "demo-password", name: "Priya Raman" },
};

export const storageState = {
  agent: path.resolve(".test-data", "auth-agent.json"),
  admin: path.resolve(".test-data", "auth-admin.json"),
};

/**
 * Navigates and waits until React has hydrated, so clicks reach client handlers; then runs
 * axe-core on the page the first time this kind of page is opened (e2e/accessibility.ts).
 */
export async function gotoReady(page: import("@playwright/test").Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });
  await expectAccessible(page, { once: true });
}
