// `npm run memory:reembed`: rewrites every stored memory's vector with the configured
// embedder (after switching between the offline embedder and an OpenAI-compatible one).
// In embedded mode, stop the server first (the database folder is single-process).
import { readCommandLine } from "./lib/args";

readCommandLine({
  name: "memory:reembed",
  usage: ["npm run memory:reembed"],
  summary:
    "Rewrites every stored memory's vector with the configured embedder (after switching embedders).\nIn embedded mode, stop the server first.",
  options: {},
});

// Loaded after the arguments, so --help and a usage error open nothing.
const { closeDatabase } = await import("../lib/db");
const { reembedAll, storedEmbedder } = await import("../lib/memory/embedder-state");
const { createEmbedder } = await import("../lib/memory/embedders");

function bar(done: number, total: number): string {
  const width = 30;
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done}/${total}`;
}

try {
  const from = await storedEmbedder();
  const to = createEmbedder().id;
  console.log(`Re-embedding memories: ${from ?? "unknown"} -> ${to}`);
  const started = Date.now();
  const count = await reembedAll(({ done, total }) => process.stderr.write(`\r${bar(done, total)}`));
  process.stderr.write("\n");
  console.log(`Re-embedded ${count} memories in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  await closeDatabase();
  process.exit(0);
} catch (error) {
  console.error(`\nRe-embedding failed: ${(error as Error).message}`);
  process.exit(1);
}
