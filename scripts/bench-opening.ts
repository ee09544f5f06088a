// `npm run bench:opening -- --data <dir> [--tickets N] [--top T] [--json]`
// What a ticket's opening costs on the embedded default, statement by statement: N tickets
// opened through openTicket as the REST API opens them (memory written by a job), one after
// the other, then their opening-memory jobs run to the end. Prints the time per opening and
// per job, the statements each made, and the T statements that took longest in all.
// Works on a copy of a folder built by `npm run bench:inbox -- --keep <dir>`: the folder is
// copied first and the copy removed after, so the same folder gives the same start each run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";

const commandLine = defineCommandLine({
  name: "bench:opening",
  usage: ["npm run bench:opening -- --data <dir made by bench:inbox --keep> [--tickets N] [--top T] [--json]"],
  summary: "Times ticket openings and their memory jobs on a copy of an embedded database, with the statements each made.",
  options: {
    data: { type: "string", value: "<dir>", description: "the embedded database folder bench:inbox --keep built (required)" },
    tickets: { type: "string", value: "N", description: "tickets to open (default 300)" },
    top: { type: "string", value: "T", description: "statements to list, longest in all first (default 12)" },
    json: { type: "boolean", description: "print the results as JSON" },
  },
});
const { values } = readCommandLine(commandLine);
const tickets = Number(values.tickets ?? "300");
const top = Number(values.top ?? "12");
if (!values.data) exitWithUsage(commandLine, "--data <dir> is required");
if (!Number.isInteger(tickets) || tickets < 1 || !Number.isInteger(top) || top < 0)
  exitWithUsage(commandLine, "--tickets takes a whole number of at least 1, --top a whole number");

const copy = fs.mkdtempSync(path.join(os.tmpdir(), "recall-bench-opening-"));
fs.cpSync(path.resolve(values.data), copy, { recursive: true });
process.env.DATA_DIR = copy;
delete process.env.DATABASE_URL;
process.env.LOG_LEVEL ??= "warn";

// Every statement PGlite runs, timed by phase (a transaction's statements through its own object).
type Phase = "opening" | "job";
let phase: Phase = "opening";
const statements = new Map<string, { phase: Phase; count: number; ms: number }>();
const { PGlite } = await import("@electric-sql/pglite");
interface Queryable {
  query: (sql: string, ...rest: unknown[]) => Promise<{ rows?: unknown[] }>;
}
function timeQueries(target: Queryable): void {
  const query = target.query;
  target.query = async function (this: unknown, sql: string, ...rest: unknown[]) {
    const started = performance.now();
    try {
      return await query.call(this, sql, ...rest);
    } finally {
      const key = `${phase} | ${sql.replace(/\s+/g, " ").trim().slice(0, 110)}`;
      const entry = statements.get(key) ?? { phase, count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += performance.now() - started;
      statements.set(key, entry);
    }
  };
}
timeQueries(PGlite.prototype as unknown as Queryable);
const transaction = (PGlite.prototype as unknown as { transaction: (fn: (tx: Queryable) => unknown) => Promise<unknown> }).transaction;
(PGlite.prototype as unknown as { transaction: typeof transaction }).transaction = function (this: unknown, fn) {
  return transaction.call(this, (tx) => {
    timeQueries(tx);
    return fn(tx);
  });
};

const { getPrisma, closeDatabase } = await import("../lib/db");
const { openTicket } = await import("../lib/support/tickets");
const { settleJobs, stopJobWorkers } = await import("../lib/jobs");
try {
  const prisma = await getPrisma();
  const workspace = await prisma.workspace.findFirstOrThrow({ where: { slug: { startsWith: "bench-" } }, select: { id: true } });
  statements.clear();
  const started = performance.now();
  for (let n = 0; n < tickets; n++) {
    // As bench:api and bench:console send them: customers come round again.
    await openTicket({
      workspaceId: workspace.id,
      memory: "job",
      ticket: {
        customer: { email: `opening-${n % 200}@bench.example`, name: "Load Test" },
        subject: `Load ticket ${n}`,
        body: "The hub drops offline every evening since the last update.",
        product: "Lumio Hub",
      },
    });
  }
  const opened = performance.now();
  phase = "job";
  await settleJobs(30 * 60_000);
  const done = performance.now();
  await stopJobWorkers(1000);

  const totals = (which: Phase) => {
    let count = 0;
    let ms = 0;
    for (const entry of statements.values())
      if (entry.phase === which) {
        count += entry.count;
        ms += entry.ms;
      }
    return { statements: count / tickets, statementMs: ms / tickets };
  };
  const result = {
    tickets,
    opening: { ms: (opened - started) / tickets, ...totals("opening") },
    job: { ms: (done - opened) / tickets, ...totals("job") },
    longest: [...statements]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([key, entry]) => ({ statement: key, count: entry.count, ms: entry.ms, each: entry.ms / entry.count })),
  };
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    const f = (n: number) => n.toFixed(2);
    console.log(`${tickets} tickets, one after the other (ms per ticket):`);
    console.log(
      `opening      ${f(result.opening.ms)} ms, ${f(result.opening.statements)} statements taking ${f(result.opening.statementMs)} ms`,
    );
    console.log(`memory job   ${f(result.job.ms)} ms, ${f(result.job.statements)} statements taking ${f(result.job.statementMs)} ms`);
    if (top > 0) {
      console.log(`\nlongest statements in all (count, total ms, ms each):`);
      for (const row of result.longest)
        console.log(
          `${String(row.count).padStart(6)} ${row.ms.toFixed(0).padStart(7)} ${row.each.toFixed(2).padStart(6)}  ${row.statement}`,
        );
    }
  }
} finally {
  await closeDatabase();
  fs.rmSync(copy, { recursive: true, force: true });
}
process.exit(0);
