import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { settleJobs } from "@/lib/jobs";
import { listRecentJobs } from "@/lib/jobs/recent";
import { makeWorkspace } from "@/test/factories";
import { ownDatabaseForFile } from "@/test/own-database";
import { setStoredEmbedder, storedEmbedder } from "./embedder-state";
import { createEmbedder } from "./embedders";
import { hashingEmbed } from "./hashing-embedder";
import { scopeFilters } from "./owners";
import { REEMBED_JOB, reembedIfEmbedderChanged } from "./reembed-job";
import { DatabaseVectorStore } from "./store";

// The job rewrites every vector of the database: on PostgreSQL it gets one of its own, so no
// other file's worker takes it and no other file's memories are rewritten under it.
ownDatabaseForFile("reembed");

describe("re-embedding after an embedder change", () => {
  it("is queued at start, rewrites the stored vectors in a job, and is not queued again once done", async () => {
    const workspace = await makeWorkspace("reembed-job");
    const store = new DatabaseVectorStore({ collectionName: "memories" });
    const filters = scopeFilters(workspace.workspaceId, { scope: "customer", customerId: randomUUID() });
    const id = randomUUID();
    const text = "The thermostat schedule resets to factory settings every Monday";
    // Written by another embedder of the same size, as the setting says.
    await store.insert([Array.from({ length: 1024 }, (_, index) => (index % 5 === 0 ? 1 : 0))], [id], [{ ...filters, data: text }]);
    await setStoredEmbedder("another-embedder");
    const query = hashingEmbed(text);
    expect((await store.search(query, 1, filters))[0]!.score).toBeLessThan(0.5);

    expect(await reembedIfEmbedderChanged()).toBe(true);
    await settleJobs(120_000);

    const [found] = await store.search(query, 1, filters);
    expect(found?.id).toBe(id);
    expect(found?.score).toBeCloseTo(1, 5);
    expect(await storedEmbedder()).toBe(createEmbedder().id);
    const runs = (await listRecentJobs({ actor: workspace.admin })).filter((job) => job.name === REEMBED_JOB);
    expect(runs.map((job) => job.state)).toEqual(["completed"]);
    expect(await reembedIfEmbedderChanged()).toBe(false);
  });
});
