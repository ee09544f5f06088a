// Another app process for lib/memory/partition-cache.integration.test.ts: writes to the team's
// knowledge in memory (agent scope) of the workspace in argv through the memory library, as
// a second server process would, then exits. Prints the memory's id.
// Run with node --conditions=react-server --import tsx.
import { closeDatabase } from "@/lib/db";
import { addMemory, updateMemory } from "@/lib/memory/core";
import { TEAM_AGENT } from "@/lib/memory/owners";

const [workspaceId, action, text, memoryId] = process.argv.slice(2);
if (!workspaceId || !text) throw new Error("usage: memory-child.ts <workspace> add|update <text> [memory id]");
const by = { actorType: "system" as const };
if (action === "update" && memoryId) {
  await updateMemory({ workspaceId, memoryId, text, by });
  console.log(memoryId);
} else {
  console.log(await addMemory({ workspaceId, target: { scope: "agent", agentId: TEAM_AGENT }, text, type: "note", by }));
}
await closeDatabase();
