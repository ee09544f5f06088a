// `npm run bench:startup -- [--memories 1000,100000] [--starts 3] [--json]`
// Times the server's start-up (lib/startup.ts prepareApp) on PostgreSQL against the number
// of stored memories. For each N, a database made for the run (bench_startup_<N>_<pid> on
// TEST_DATABASE_URL's server, default postgres@127.0.0.1:5432, dropped afterwards) is loaded
// with N customer, session and knowledge memories through the memory library's add path,
// written in bulk (scripts/bench-memory-bulk.ts). Then, each start with its own connection
// pool and job workers, as a process starting would have:
// - the first start, which runs the pass over personal data (no record of a complete pass,
//   as on the first start after an upgrade);
// - the median of S starts with that record in place (every start after the first);
// - the median of S starts with the record deleted before each: what every start cost
//   before the record existed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";
import { createScratchDatabase } from "./scratch-database";

const commandLine = defineCommandLine({
  name: "bench:startup",
  usage: ["npm run bench:startup -- [--memories N,N,...] [--starts S] [--json]"],
  summary: "Times prepareApp on PostgreSQL with N memories stored, with and without the record of a complete pass.",
  options: {
    memories: { type: "string", value: "N,N,...", description: "memory counts, each at least 100 (default 1000,100000)" },
    starts: { type: "string", value: "S", description: "timed starts per measurement (default 3)" },
    json: { type: "boolean", description: "print the results as JSON, without progress lines" },
  },
});
const { values } = readCommandLine(commandLine);
const sizes = (values.memories ?? "1000,100000").split(",").map((part) => Number(part.replaceAll("_", "")));
const starts = values.starts === undefined ? 3 : Number(values.starts);
if (sizes.some((size) => !Number.isInteger(size) || size < 100) || !Number.isInteger(starts) || starts < 1)
  exitWithUsage(commandLine, "--memories takes whole numbers of at least 100, --starts a whole number of at least 1");
const asJson = values.json ?? false;
const log = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-bench-startup-"));
process.env.DATA_DIR = dataDir;
process.env.MEM0_TELEMETRY = "false";
process.env.MEM0_DIR = path.join(dataDir, "mem0");
delete process.env.OPENAI_API_KEY;
delete process.env.SEED_DEMO;

const { randomUUID } = await import("node:crypto");
const { generateKeyText, resetKeyring } = await import("../lib/crypto/pii");
process.env.APP_ENCRYPTION_KEY = generateKeyText();
const { closeDatabase, getDatabase, getPrisma } = await import("../lib/db");
const { getMem0 } = await import("../lib/memory/mem0");
const { addCommonIssueSolution, addCustomerIssueHistory, addSessionContext } = await import("../lib/memory/support-memory");
const { BulkMemoryWriter } = await import("./bench-memory-bulk");
const { COMPLETE_PASS_SETTING } = await import("../lib/crypto/complete-pass");
const { stopJobWorkers } = await import("../lib/jobs");
const { prepareApp } = await import("../lib/startup");
type InsertingStore = import("./bench-memory-bulk").InsertingStore;

/** What a process's exit ends: its app_instances row (lib/startup.ts registers one per process). */
async function stopAppInstance(): Promise<void> {
  const slot = globalThis as unknown as { __appInstance?: Promise<{ stop(): Promise<void> }> };
  const instance = slot.__appInstance;
  delete slot.__appInstance;
  await (await instance)?.stop();
}

let dropDatabase: (() => Promise<void>) | undefined;
const cleanUp = async () => {
  await stopAppInstance().catch(() => undefined);
  await stopJobWorkers(1000).catch(() => undefined);
  await closeDatabase().catch(() => undefined);
  await dropDatabase?.().catch((error: Error) => console.error(`could not drop the benchmark database: ${error.message}`));
  dropDatabase = undefined;
};
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

/** 10% team knowledge, 70% customer issue history (4 per customer), 20% session memory. */
async function load(total: number): Promise<void> {
  const prisma = await getPrisma();
  const { sql } = await getDatabase();
  const workspace = await prisma.workspace.create({ data: { slug: `bench-startup-${randomUUID().slice(0, 8)}`, name: "bench" } });
  const workspaceId = workspace.id;
  const by = { actorType: "system" as const };
  const customers = Array.from({ length: Math.max(1, Math.round((total * 0.7) / 4)) }, () => randomUUID());
  const { memory } = await getMem0();
  const store = (memory as unknown as { vectorStore: InsertingStore }).vectorStore;
  const writer = new BulkMemoryWriter(sql, store, { batchSize: 2000 });
  const started = performance.now();
  await writer.capture(async (flushIfFull) => {
    for (let index = 0; index < total; index++) {
      const customerId = customers[index % customers.length]!;
      const kind = index % 10;
      if (kind === 0)
        await addCommonIssueSolution({ workspaceId, by, issue: `Hub ${index} goes offline.`, solution: "Hold reset for 15 seconds." });
      else if (kind <= 7)
        await addCustomerIssueHistory({
          workspaceId,
          customerId,
          by,
          issue: `Camera ${index} drops Wi-Fi.`,
          resolution: "Moved to 2.4 GHz.",
        });
      else
        await addSessionContext({ workspaceId, customerId, sessionId: customerId, kind: "issue", text: `Plug ${index} won't pair.`, by });
      await flushIfFull();
      if ((index + 1) % 20_000 === 0 && index + 1 < total) log(`  loaded ${(index + 1).toLocaleString("en")} memories`);
    }
  });
  for (const table of ["memories", "memory_history", "audit_logs"]) await sql.exec(`VACUUM (ANALYZE) ${table}`);
  log(`  loaded ${total.toLocaleString("en")} memories in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** One start as a new process has it: its own pool and job workers. */
async function timedStart(options: { forgetPass?: boolean } = {}): Promise<number> {
  await stopAppInstance();
  await stopJobWorkers(1000);
  await closeDatabase();
  if (options.forgetPass) {
    const { sql } = await getDatabase();
    await sql.query(`DELETE FROM app_settings WHERE key = $1`, [COMPLETE_PASS_SETTING]);
    await closeDatabase();
  }
  // The start-up's own lines (the ready banner) are not what is measured.
  const { log } = await import("../lib/log");
  const level = log.level;
  log.level = "warn";
  const begin = performance.now();
  try {
    await prepareApp();
  } finally {
    log.level = level;
  }
  return performance.now() - begin;
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
const results: Array<{ memories: number; firstStartMs: number; startMs: number; startWithoutRecordMs: number }> = [];
try {
  for (const size of sizes) {
    log(`${size.toLocaleString("en")} memories:`);
    const scratch = await createScratchDatabase(`bench_startup_${size}`);
    dropDatabase = scratch.drop;
    process.env.DATABASE_URL = scratch.url;
    delete (globalThis as { __appEnv?: unknown }).__appEnv;
    resetKeyring();
    await load(size);
    // The loader wrote no record; this start runs the pass and writes it.
    const firstStartMs = await timedStart({ forgetPass: true });
    const withRecord: number[] = [];
    for (let run = 0; run < starts; run++) withRecord.push(await timedStart());
    const withoutRecord: number[] = [];
    for (let run = 0; run < starts; run++) withoutRecord.push(await timedStart({ forgetPass: true }));
    const result = { memories: size, firstStartMs, startMs: median(withRecord), startWithoutRecordMs: median(withoutRecord) };
    results.push(result);
    log(
      `  first start ${firstStartMs.toFixed(0)} ms; later starts (median of ${starts}) ${result.startMs.toFixed(0)} ms; ` +
        `with the pass at every start (median of ${starts}) ${result.startWithoutRecordMs.toFixed(0)} ms`,
    );
    await cleanUp();
  }
} finally {
  await cleanUp();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
if (asJson) console.log(JSON.stringify(results, null, 2));
else console.table(results.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Math.round(value)]))));
process.exit(0);
