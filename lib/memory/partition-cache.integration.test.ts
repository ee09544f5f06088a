import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { addMemory, searchMemories } from "@/lib/memory/core";
import { TEAM_AGENT } from "@/lib/memory/owners";
import { makeWorkspace } from "@/test/factories";
import { partitionCacheSize, setPartitionCacheRows } from "./store";

// The knowledge partition cache (lib/memory/store.ts) is per process; what a user sees must
// not depend on which process answers. Another OS process (test/memory-child.ts) writes
// through the memory library against the same PostgreSQL; this one, its cache warm, must
// see the write on its next search.

const knowledge = { scope: "agent" as const, agentId: TEAM_AGENT };
const by = { actorType: "system" as const };

async function otherProcess(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "test/memory-child.ts", ...args],
    { env: process.env },
  );
  return stdout.trim().split("\n").at(-1)!;
}

async function within(ms: number, found: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await found()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not seen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.runIf(process.env.TEST_DB_MODE === "postgres")("the knowledge cache across processes", () => {
  it("sees another process's new and changed knowledge on the next search", async () => {
    const { workspaceId } = await makeWorkspace("cache-x");
    await addMemory({ workspaceId, target: knowledge, text: "Reset the hub by holding the button for ten seconds.", type: "note", by });
    // Warm: this process now holds the partition.
    const texts = async (query: string) => (await searchMemories({ workspaceId, target: knowledge, query, limit: 5 })).map((m) => m.text);
    expect(await texts("reset hub")).toEqual(["Reset the hub by holding the button for ten seconds."]);
    expect(partitionCacheSize().partitions).toBeGreaterThan(0);

    const id = await otherProcess(workspaceId, "add", "Doorbell chimes twice when the battery is below ten percent.");
    expect(
      await within(1000, async () =>
        (await texts("doorbell battery chimes")).includes("Doorbell chimes twice when the battery is below ten percent."),
      ),
    ).toBeLessThan(1000);

    await otherProcess(workspaceId, "update", "Doorbell chimes three times when the battery is below five percent.", id);
    const seen = await within(1000, async () => {
      const found = await texts("doorbell battery chimes");
      return (
        found.includes("Doorbell chimes three times when the battery is below five percent.") &&
        !found.some((text) => text.includes("twice"))
      );
    });
    expect(seen).toBeLessThan(1000);
  });
});

describe("the knowledge cache's bound", () => {
  it("drops the least recently used partitions past its row bound, never the one just read", async () => {
    const previous = setPartitionCacheRows(3);
    try {
      const workspaces = [await makeWorkspace("cache-a"), await makeWorkspace("cache-b"), await makeWorkspace("cache-c")];
      for (const { workspaceId } of workspaces) {
        await addMemory({ workspaceId, target: knowledge, text: "Router lights blink amber during updates.", type: "note", by });
        await addMemory({ workspaceId, target: knowledge, text: "Plugs pair in the app under Devices.", type: "note", by });
      }
      for (const { workspaceId } of workspaces) {
        const results = await searchMemories({ workspaceId, target: knowledge, query: "router amber", limit: 2 });
        expect(results[0]?.text).toBe("Router lights blink amber during updates.");
        // Two rows each, bound three: only the partition just read stays.
        expect(partitionCacheSize()).toEqual({ partitions: 1, rows: 2 });
      }
    } finally {
      setPartitionCacheRows(previous);
    }
  });
});
