// `npm run retention [-- --dry-run] [--workspace <slug>]`: runs the retention job now, the
// same job the server runs hourly, and prints what it did (or, with --dry-run, would do)
// per workspace. In embedded mode, stop the server first (the database folder is
// single-process); on a PostgreSQL server a run already in progress elsewhere is reported.
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";

const commandLine = defineCommandLine({
  name: "retention",
  usage: ["npm run retention [-- --dry-run] [--workspace <slug>]"],
  summary:
    "Runs the retention job now (the one the server runs hourly) and prints what it did per workspace.\nIn embedded mode, stop the server first.",
  options: {
    "dry-run": { type: "boolean", description: "print what a run would do; change nothing" },
    workspace: { type: "string", value: "<slug>", description: "only this workspace (default: every workspace)" },
  },
});
const { values } = readCommandLine(commandLine);
const dryRun = values["dry-run"] ?? false;
const slug = values.workspace;
if (slug !== undefined && !slug.trim()) exitWithUsage(commandLine, "--workspace needs a workspace slug");

// Loaded after the arguments, so --help and a usage error open nothing.
const { closeDatabase, getPrisma } = await import("../lib/db");
const { RetentionBusyError, runRetention } = await import("../lib/retention/run");
type RetentionCounts = import("../lib/retention/run").RetentionCounts;

const labels: Array<[keyof RetentionCounts, string]> = [
  ["sessionDeleted", "session memories deleted"],
  ["sessionPromoted", "important session memories moved to customer memory"],
  ["customerArchived", "customer memories archived"],
  ["customersArchived", "customers archived"],
  ["customerRestored", "customer memories restored"],
  ["knowledgeFlagged", "knowledge entries flagged for review"],
  ["knowledgeUnflagged", "knowledge flags cleared"],
  ["reviewRescheduled", "article review dates moved"],
];

async function main(): Promise<number> {
  let workspaceIds: string[] | undefined;
  if (slug) {
    const prisma = await getPrisma();
    const workspace = await prisma.workspace.findUnique({ where: { slug }, select: { id: true } });
    if (!workspace) {
      console.error(`No workspace "${slug}".`);
      return 2;
    }
    workspaceIds = [workspace.id];
  }
  const result = await runRetention({ trigger: "cli", dryRun, workspaceIds });
  console.log(
    dryRun
      ? `Retention dry run at ${result.asOf.toISOString()}: what a run would do (nothing was changed).`
      : `Retention run at ${result.asOf.toISOString()}:`,
  );
  for (const workspace of result.workspaces) {
    const { sessionHours, knowledgeReviewDays, customerArchiveDays } = workspace.policy;
    console.log(
      `\n  ${workspace.slug}  (session ${sessionHours} h, knowledge review ${knowledgeReviewDays} d, customer archive ${customerArchiveDays} d)`,
    );
    if (workspace.status === "failed") {
      console.log(`    failed: ${workspace.error}`);
      continue;
    }
    const lines = labels
      .filter(([key]) => workspace.counts[key] > 0)
      .map(([key, label]) => `    ${String(workspace.counts[key]).padStart(6)} ${label}`);
    console.log(lines.length > 0 ? lines.join("\n") : "    nothing to do");
  }
  if (result.workspaces.length === 0) console.log("  no workspaces");
  return result.workspaces.some((workspace) => workspace.status === "failed") ? 1 : 0;
}

let code: number;
try {
  code = await main();
} catch (error) {
  console.error(error instanceof RetentionBusyError ? error.message : `Retention failed: ${(error as Error).message}`);
  code = 1;
}
await closeDatabase().catch(() => undefined);
process.exit(code);
