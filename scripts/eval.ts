// `npm run eval -- [--json] [--check] <suite.json>...`: loads every suite through the memory
// library into a throwaway embedded database (memory-only suites become distractors), runs
// each case's search in its own scope, and prints recall@1, recall@5 and MRR@10 per suite
// and scope, beside plain BM25 (k1 1.2, b 0.75) over the same scope. --check exits 1 when a
// suite's MRR@10 falls below BM25's, or the mean MRR@10 over the suites is less than 0.035
// above BM25's mean (floorFailures in lib/memory/eval/suite.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";

const commandLine = defineCommandLine({
  name: "eval",
  usage: ["npm run eval -- [--json] [--check] [--save <file>] <suite.json>..."],
  summary:
    "Loads the retrieval suites into a throwaway embedded database and prints recall@1, recall@5 and MRR@10\nper suite and scope, beside plain BM25 over the same scope.",
  options: {
    json: { type: "boolean", description: "print the figures as JSON, without progress lines" },
    check: { type: "boolean", description: "exit 1 when a suite's MRR@10 falls below BM25's, or the mean is less than 0.035 above BM25's" },
    // The metrics page shows the latest saved run.
    save: { type: "string", value: "<file>", description: "also write {at, suites: {name: {ours, bm25}}} to the file" },
  },
  positionals: true,
});
const { values, positionals: files } = readCommandLine(commandLine);
const asJson = values.json ?? false;
const check = values.check ?? false;
const saveFile = values.save;
if (files.length === 0) exitWithUsage(commandLine, "name at least one suite file");

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-eval-"));
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

const { getPrisma, closeDatabase } = await import("../lib/db");
const { addMemory, searchMemories } = await import("../lib/memory/core");
const { bm25Scores } = await import("../lib/memory/bm25");
const { contentTokens } = await import("../lib/memory/text");
const { floorFailures, partitionOf, readSuite, Tally } = await import("../lib/memory/eval/suite");
type SuiteOwner = import("../lib/memory/eval/suite").SuiteOwner;

const log = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};

const target = (item: SuiteOwner) =>
  item.scope === "agent"
    ? { scope: "agent" as const, agentId: item.agent_id }
    : { scope: item.scope, customerId: item.customer_id, sessionId: item.session_id };

try {
  const suites = files.map(readSuite);
  const prisma = await getPrisma();
  const { id: workspaceId } = await prisma.workspace.create({ data: { slug: "eval", name: "Retrieval evaluation" } });

  const idToKey = new Map<string, string>();
  const partitions = new Map<string, Array<{ key: string; tokens: string[] }>>();
  const total = suites.reduce((sum, suite) => sum + suite.memories.length, 0);
  let loaded = 0;
  const started = Date.now();
  for (const suite of suites) {
    for (const memory of suite.memories) {
      const { type, ...metadata } = memory.metadata;
      const id = await addMemory({
        workspaceId,
        target: target(memory),
        text: memory.text,
        type: String(type ?? memory.scope),
        metadata,
        by: { actorType: "system" },
      });
      idToKey.set(id, memory.key);
      const partition = partitionOf(memory);
      if (!partitions.has(partition)) partitions.set(partition, []);
      partitions.get(partition)!.push({ key: memory.key, tokens: contentTokens(memory.text) });
      loaded += 1;
      if (loaded % 250 === 0 || loaded === total)
        log(`loaded ${loaded}/${total} memories (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }

  const report: Record<string, Record<string, ReturnType<InstanceType<typeof Tally>["figures"]>>> = {};
  const baseline: Record<string, Record<string, ReturnType<InstanceType<typeof Tally>["figures"]>>> = {};
  for (const suite of suites) {
    if (suite.cases.length === 0) continue;
    const ours = new Map<string, InstanceType<typeof Tally>>([["overall", new Tally()]]);
    const bm25 = new Map<string, InstanceType<typeof Tally>>([["overall", new Tally()]]);
    for (const [index, item] of suite.cases.entries()) {
      const results = await searchMemories({ workspaceId, target: target(item), query: item.query, limit: 10 });
      const ranked = results.map((result) => idToKey.get(result.id) ?? "");
      const documents = (partitions.get(partitionOf(item)) ?? []).map((doc) => ({ id: doc.key, tokens: doc.tokens }));
      const scores = bm25Scores(contentTokens(item.query), documents);
      const lexical = [...scores.entries()].sort((left, right) => right[1] - left[1]).map(([key]) => key);
      for (const [tallies, list] of [
        [ours, ranked],
        [bm25, lexical],
      ] as const) {
        if (!tallies.has(item.scope)) tallies.set(item.scope, new Tally());
        tallies.get("overall")!.add(list, item.relevant);
        tallies.get(item.scope)!.add(list, item.relevant);
      }
      if ((index + 1) % 200 === 0) log(`${suite.name}: ${index + 1}/${suite.cases.length} cases`);
    }
    report[suite.name] = Object.fromEntries([...ours].map(([scope, tally]) => [scope, tally.figures()]));
    baseline[suite.name] = Object.fromEntries([...bm25].map(([scope, tally]) => [scope, tally.figures()]));
  }

  const names = Object.keys(report);
  if (asJson) console.log(JSON.stringify(report));
  if (saveFile) {
    const suitesSaved = Object.fromEntries(
      Object.keys(report).map((name) => [name, { ours: report[name]!.overall, bm25: baseline[name]?.overall }]),
    );
    fs.mkdirSync(path.dirname(path.resolve(saveFile)), { recursive: true });
    fs.writeFileSync(path.resolve(saveFile), JSON.stringify({ at: new Date().toISOString(), suites: suitesSaved }, null, 2));
  } else {
    console.log(
      `\n${"suite".padEnd(16)}${"scope".padEnd(10)}${"cases".padStart(6)}  ${"R@1".padStart(6)}${"R@5".padStart(7)}${"MRR@10".padStart(8)}   BM25: ${"R@1".padStart(6)}${"R@5".padStart(7)}${"MRR@10".padStart(8)}`,
    );
    for (const [name, scopes] of Object.entries(report)) {
      for (const [scope, figures] of Object.entries(scopes)) {
        const base = baseline[name]![scope]!;
        const row = (f: typeof figures) =>
          `${f["recall@1"].toFixed(3).padStart(6)}${f["recall@5"].toFixed(3).padStart(7)}${f["mrr@10"].toFixed(3).padStart(8)}`;
        console.log(`${name.padEnd(16)}${scope.padEnd(10)}${String(figures.cases).padStart(6)}  ${row(figures)}         ${row(base)}`);
      }
    }
    const mean = (source: typeof report) => names.reduce((sum, name) => sum + source[name]!.overall!["mrr@10"], 0) / (names.length || 1);
    console.log(`\nmean MRR@10 over ${names.length} suites: ours ${mean(report).toFixed(3)}, BM25 ${mean(baseline).toFixed(3)}`);
  }
  const overall = (source: typeof report) => Object.fromEntries(names.map((name) => [name, source[name]!.overall!]));
  const failures = floorFailures(overall(report), overall(baseline));
  for (const failure of failures) console.error(failure);
  const belowFloor = failures.length > 0;
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(check && belowFloor ? 1 : 0);
} catch (error) {
  console.error(`Evaluation failed: ${error instanceof Error ? (error.stack ?? String(error)) : String(error)}`);
  process.exit(1);
}
