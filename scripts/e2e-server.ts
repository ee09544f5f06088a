// Playwright's web server. Builds once, then runs two consoles, each seeded by
// scripts/e2e-seed.ts, so the browser tests cover both database modes:
//   - PORT (3210): the embedded database in a fresh data folder, no AI model configured;
//   - E2E_LLM_PORT (3211): a fresh database on the PostgreSQL server (TEST_DATABASE_URL's
//     server, dropped at the end), pointed at a local server that speaks the OpenAI API
//     (test/openai-server.ts, on E2E_OPENAI_PORT), so drafts stream through the openai SDK.
// The offline console starts last: Playwright waits for its health check, so both are up.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { startOpenAITestServer } from "../test/openai-server";
import { e2eDataDir, e2eFixturesFile, e2eLlm } from "../e2e/fixtures";
import { ensureBuild, serverArgs } from "./lib/build";

const port = process.env.PORT ?? "3210";
// The browser reaches the consoles over loopback, as through a proxy on this machine: specs
// that need a client of their own (limits are per client address) send X-Forwarded-For,
// which the server believes only because TRUSTED_PROXIES names loopback.
const base: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", MEM0_TELEMETRY: "false", TRUSTED_PROXIES: "loopback" };
delete base.DATABASE_URL;
for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_EMBEDDING_MODEL"]) delete base[key];
ensureBuild(base);

const adminUrl = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const admin = new pg.Client({ connectionString: adminUrl });
try {
  await admin.connect();
} catch (error) {
  console.error(`The e2e tests need a PostgreSQL server at ${adminUrl} (${(error as Error).message}); start one or set TEST_DATABASE_URL.`);
  process.exit(1);
}
const serverDatabase = `recall_e2e_${process.pid}`;
await admin.query(`CREATE DATABASE "${serverDatabase}"`);
const serverUrl = new URL(adminUrl);
serverUrl.pathname = `/${serverDatabase}`;

const openai = await startOpenAITestServer(e2eLlm.openaiPort);
const variants = [
  {
    name: "llm",
    port: String(e2eLlm.port),
    dataDir: e2eLlm.dataDir,
    fixtures: e2eLlm.fixturesFile,
    env: {
      DATABASE_URL: serverUrl.toString(),
      OPENAI_API_KEY: "e2e-test-key",
      OPENAI_BASE_URL: openai.url,
      OPENAI_MODEL: e2eLlm.model,
      OPENAI_TIMEOUT_MS: "4000",
      // One process: two consoles already share this 2-core machine with the browser. The
      // several-process path is tested by test/server-cluster.integration.test.ts.
      WEB_CONCURRENCY: "1",
    },
  },
  { name: "offline", port, dataDir: e2eDataDir, fixtures: e2eFixturesFile, env: {} },
];

const children: ChildProcess[] = [];
const stop = async (code: number): Promise<never> => {
  for (const child of children) child.kill("SIGTERM");
  await openai.close().catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await admin.query(`DROP DATABASE IF EXISTS "${serverDatabase}" WITH (FORCE)`).catch(() => undefined);
  await admin.end().catch(() => undefined);
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));

for (const variant of variants) {
  fs.rmSync(variant.dataDir, { recursive: true, force: true });
  const env = { ...base, ...variant.env, DATA_DIR: variant.dataDir, E2E_FIXTURES_FILE: variant.fixtures, PORT: variant.port };
  // Asynchronously: the OpenAI test server lives in this process and must keep answering.
  const seeder = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/e2e-seed.ts"], {
    stdio: "inherit",
    env,
  });
  const status = await new Promise<number | null>((resolve) => seeder.on("exit", resolve));
  if (status !== 0) {
    console.error(`Seeding the ${variant.name} e2e console failed.`);
    await stop(1);
  }
  const child = spawn(process.execPath, serverArgs(), { stdio: "inherit", env });
  child.on("exit", (code) => void stop(code ?? 1));
  children.push(child);
  // Start the next console only once this one answers.
  for (let attempt = 0; ; attempt++) {
    const healthy = await fetch(`http://127.0.0.1:${variant.port}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (attempt > 600) {
      console.error(`The ${variant.name} e2e console did not become healthy.`);
      await stop(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
