import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createLogger, currentRequestId, withLogContext } from "./log";

// Every line written inside a request's (or a job's) context names it; lines outside name nothing.

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    destination: { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    level: "info",
  });
  return { logger, lines };
}

describe("log context", () => {
  it("puts the request id on every line written inside the request, across awaits and timers", async () => {
    const { logger, lines } = capture();
    await withLogContext({ requestId: "req-12345678" }, async () => {
      logger.info("first");
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.warn({ ticket: 7 }, "after a timer");
    });
    expect(lines).toMatchObject([
      { level: "info", msg: "first", requestId: "req-12345678" },
      { level: "warn", msg: "after a timer", requestId: "req-12345678", ticket: 7 },
    ]);
  });

  it("names the job and the request that queued it inside a job's context, and only the job without one", async () => {
    const { logger, lines } = capture();
    await withLogContext({ requestId: "req-outer-1" }, async () => {
      await withLogContext({ requestId: "req-queuer", jobId: "job-1", job: "memory.open" }, async () => {
        await Promise.resolve();
        logger.info("in job");
      });
      // A scheduled job queued by no request does not take the id of the request it runs beside.
      withLogContext({ jobId: "job-2", job: "retention" }, () => logger.info("scheduled"));
      logger.info("back in the request");
    });
    expect(lines).toEqual([
      expect.objectContaining({ msg: "in job", requestId: "req-queuer", jobId: "job-1", job: "memory.open" }),
      expect.objectContaining({ msg: "scheduled", jobId: "job-2", job: "retention" }),
      expect.objectContaining({ msg: "back in the request", requestId: "req-outer-1" }),
    ]);
    expect(lines[1]).not.toHaveProperty("requestId");
    expect(lines[2]).not.toHaveProperty("jobId");
  });

  it("writes no context fields outside any context", () => {
    const { logger, lines } = capture();
    logger.info("start-up");
    expect(currentRequestId()).toBeUndefined();
    expect(lines[0]).toMatchObject({ level: "info", msg: "start-up" });
    expect(lines[0]).not.toHaveProperty("requestId");
    expect(lines[0]).not.toHaveProperty("jobId");
  });

  it("tells the current request id, and the fields of a call win over the context's", () => {
    const { logger, lines } = capture();
    withLogContext({ requestId: "req-abcdefgh" }, () => {
      expect(currentRequestId()).toBe("req-abcdefgh");
      logger.info({ requestId: "req-explicit" }, "explicit");
    });
    expect(lines[0]).toMatchObject({ requestId: "req-explicit" });
  });

  it("serializes an error under err with its message and stack", () => {
    const { logger, lines } = capture();
    logger.error({ err: new TypeError("boom") }, "unexpected error");
    expect(lines[0]).toMatchObject({ level: "error", err: { type: "TypeError", message: "boom" } });
    expect(String((lines[0]!.err as { stack: string }).stack)).toContain("log.test.ts");
  });

  it("leaves out lines below its level", () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line) => void lines.push(line) }, level: "warn" });
    logger.info("quiet");
    logger.warn("loud");
    expect(lines).toHaveLength(1);
  });
});

describe("the process's log", () => {
  // A CLI script's stdout is its result; only the server (scripts/server.ts) logs there.
  it("writes to stderr until the server sends it to stdout", () => {
    const script = `import { log, sendLogsToStdout } from "./lib/log.ts"; log.info("before"); sendLogsToStdout(); log.warn("after");`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stderr.trim())).toMatchObject({ level: "info", msg: "before" });
    expect(JSON.parse(child.stdout.trim())).toMatchObject({ level: "warn", msg: "after" });
  });
});
