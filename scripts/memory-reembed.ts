// `npm run memory:reembed`: rewrites every stored memory's vector with the configured
// embedder (after switching between the offline embedder and an OpenAI-compatible one).
// In embedded mode, stop the server first (the database folder is single-process).
import { closeDatabase } from "../lib/db";
import { reembedAll, storedEmbedder } from "../lib/memory/embedder-state";
import { createEmbedder } from "../lib/memory/embedders";

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
