import "server-only";
import { z } from "zod";
import { defineJob, enqueueJob } from "@/lib/jobs";
import { log } from "@/lib/log";
import { embedderChange, reembedAll } from "./embedder-state";

// Re-embedding as a job: after the configured embedder changed (the offline one for an
// OpenAI-compatible one, or back), every stored vector is rewritten in the background while
// the console serves; search ranks poorly until it ends. On a server pg-boss runs it in one
// process at a time and hands it to another if that one dies (a second run starts over: the
// rewrite is the same each time). `npm run memory:reembed` does the same in the foreground.

export const REEMBED_JOB = "memory.reembed";

defineJob(
  REEMBED_JOB,
  async () => {
    // Done already by an earlier run, the command, or another process's job.
    if (!(await embedderChange())) return;
    let reported = 0;
    const count = await reembedAll(({ done, total }) => {
      if (done - reported < Math.max(1000, total / 10) && done < total) return;
      reported = done;
      log.info({ done, total }, "[memory] re-embedding");
    });
    log.info({ memories: count }, "[memory] every stored memory re-embedded with the configured embedder");
  },
  { payload: z.object({}), singleton: true, retryLimit: 3, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: 6 * 60 * 60 },
);

/** At start-up: when the stored vectors came from another embedder, says so and queues their re-embedding. */
export async function reembedIfEmbedderChanged(): Promise<boolean> {
  const change = await embedderChange();
  if (!change) return false;
  log.warn(
    `Stored memories were embedded with "${change.stored}" but the configured embedder is "${change.current}": re-embedding them in the background (job ${REEMBED_JOB}); search ranks poorly until it ends.`,
  );
  await enqueueJob(REEMBED_JOB, {});
  return true;
}
