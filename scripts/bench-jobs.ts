// `npm run bench:jobs -- [--jobs N] [--runs R] [--baseline REV] [--json]`
// The embedded default's in-process job queue (lib/jobs/embedded.ts) with N jobs that do
// nothing: how long queuing them one by one takes (the queue running, as under load),
// queuing them in one call (the backlog queued at start, requeueUnwrittenOpenings), and
// running them all. With --baseline, the same figures for the queue as it was at that git
// revision, in the same run (its file is written beside the current one for the run, then
// removed). Medians of R runs; no database is involved.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";

const commandLine = defineCommandLine({
  name: "bench:jobs",
  usage: ["npm run bench:jobs -- [--jobs N] [--runs R] [--baseline REV] [--json]"],
  summary: "Times queuing and running N empty jobs in the embedded queue, against a git revision's queue if asked.",
  options: {
    jobs: { type: "string", value: "N", description: "jobs per measurement (default 10000)" },
    runs: { type: "string", value: "R", description: "measurements per queue, the median reported (default 3)" },
    baseline: { type: "string", value: "REV", description: "a git revision whose lib/jobs/embedded.ts to time as well" },
    json: { type: "boolean", description: "print the results as JSON" },
  },
});
const { values } = readCommandLine(commandLine);
const jobs = values.jobs === undefined ? 10_000 : Number(values.jobs);
const runs = values.runs === undefined ? 3 : Number(values.runs);
if (!Number.isInteger(jobs) || jobs < 1 || !Number.isInteger(runs) || runs < 1)
  exitWithUsage(commandLine, "--jobs and --runs take whole numbers of at least 1");

// Each job's "finished" line would be most of the work timed.
process.env.LOG_LEVEL ??= "warn";
const { defineJob } = await import("../lib/jobs/registry");

interface Queue {
  startEmbedded(): void;
  stopEmbedded(timeoutMs: number): Promise<void>;
  enqueueEmbedded(definition: never, payload: unknown): string | null;
  enqueueEmbeddedMany?(definition: never, payloads: unknown[]): string[];
  pendingEmbeddedJobs(): number;
}

let ran = 0;
const definition = defineJob("bench.nothing", () => Promise.resolve(void (ran += 1)), { payload: z.object({ n: z.number() }) }) as never;

async function drained(): Promise<void> {
  while (ran < jobs) await new Promise((resolve) => setTimeout(resolve, 2));
}

// Each queue keeps its state on globalThis under one name (lib/singleton.ts); a fresh one per run.
function freshQueue(): void {
  delete (globalThis as Record<string, unknown>).__recallDesk_embeddedJobs;
}

async function measure(queue: Queue, bulk: boolean): Promise<{ queueMs: number; runMs: number }> {
  freshQueue();
  ran = 0;
  queue.startEmbedded();
  const payloads = Array.from({ length: jobs }, (_, n) => ({ n }));
  const started = performance.now();
  if (bulk && queue.enqueueEmbeddedMany) queue.enqueueEmbeddedMany(definition, payloads);
  else for (const payload of payloads) queue.enqueueEmbedded(definition, payload);
  const queued = performance.now();
  await drained();
  const done = performance.now();
  await queue.stopEmbedded(1000);
  return { queueMs: queued - started, runMs: done - queued };
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

async function timeQueue(label: string, queue: Queue) {
  const figures: Record<string, number> = {};
  for (const bulk of [false, true]) {
    if (bulk && !queue.enqueueEmbeddedMany) continue;
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await measure(queue, bulk));
    const mode = bulk ? "inOneCall" : "oneByOne";
    figures[`${mode}QueueMs`] = Math.round(median(samples.map((sample) => sample.queueMs)));
    figures[`${mode}RunMs`] = Math.round(median(samples.map((sample) => sample.runMs)));
  }
  return { queue: label, ...figures };
}

const results = [await timeQueue("current", await import("../lib/jobs/embedded"))];
if (values.baseline) {
  const file = path.join(import.meta.dirname, "..", "lib", "jobs", `embedded-baseline-${process.pid}.ts`);
  fs.writeFileSync(file, execFileSync("git", ["show", `${values.baseline}:lib/jobs/embedded.ts`], { encoding: "utf8" }));
  try {
    results.push(await timeQueue(values.baseline, (await import(file)) as Queue));
  } finally {
    fs.rmSync(file, { force: true });
  }
}
if (values.json) console.log(JSON.stringify({ jobs, runs, results }, null, 2));
else {
  console.log(`${jobs} empty jobs, median of ${runs} runs (ms):`);
  console.table(results);
}
process.exit(0);
