import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";

// The process's log: one JSON line per event (pino), each carrying the request or job it
// happened in. scripts/server.ts opens a context per request (its id is also in the
// X-Request-ID response header), a job runs in one naming the request that queued it, and
// pino's mixin copies the context onto every line written inside. No "server-only" here:
// the server script, which is not a Next bundle, logs too. The logger and the context sit
// on globalThis because the server script and Next's bundles each load their own copy of
// this module (as lib/shutdown.ts does).

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogContext {
  requestId?: string;
  jobId?: string;
  /** The job's name. */
  job?: string;
}

interface LogState {
  context: AsyncLocalStorage<LogContext>;
  logger?: Logger;
  toStdout: boolean;
  streams: Partial<Record<1 | 2, DestinationStream>>;
}

const slot = globalThis as unknown as { __recallDeskLog?: LogState };

function state(): LogState {
  slot.__recallDeskLog ??= { context: new AsyncLocalStorage(), toStdout: false, streams: {} };
  return slot.__recallDeskLog;
}

// Synchronous writes: lines keep their order with anything else the process prints, and none
// is lost on process.exit.
function stream(fd: 1 | 2): DestinationStream {
  const { streams } = state();
  return (streams[fd] ??= pino.destination({ dest: fd, sync: true }));
}

// The server's lines go to stdout, where a container's log collector reads them. Any other
// process (a CLI script, a test) logs to stderr: a script's stdout is its result
// (`npm run privacy -- export > file.json`), which a log line must not corrupt.
const processDestination: DestinationStream = { write: (line) => stream(state().toStdout ? 1 : 2).write(line) };

/** For scripts/server.ts: from now on this process's log lines go to stdout. */
export function sendLogsToStdout(): void {
  state().toStdout = true;
}

// lib/env.ts rejects a bad LOG_LEVEL at start-up; read here directly so that logging works
// before (and whatever) the rest of the environment parses.
function levelFromEnv(): LogLevel {
  const value = process.env.LOG_LEVEL?.trim();
  return LOG_LEVELS.find((level) => level === value) ?? "info";
}

function contextFields(): LogContext {
  const context = state().context.getStore();
  if (!context) return {};
  const fields: LogContext = {};
  if (context.requestId) fields.requestId = context.requestId;
  if (context.jobId) fields.jobId = context.jobId;
  if (context.job) fields.job = context.job;
  return fields;
}

/**
 * A logger writing to `destination` (default: the process's, stdout in the server, stderr
 * elsewhere). The app uses `log`; tests create their own to read what was written.
 */
export function createLogger(options: { destination?: DestinationStream; level?: LogLevel } = {}): Logger {
  return pino(
    {
      level: options.level ?? levelFromEnv(),
      // Levels by name ("warn"), times as ISO 8601: what log search tools read without a mapping.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: contextFields,
    },
    options.destination ?? processDestination,
  );
}

/** The process's logger. An error goes under `err` (`log.error({ err }, "…")`): its type, message and stack. */
export const log: Logger = (state().logger ??= createLogger());

/**
 * Runs `fn` with `context` as the current log context: every line logged inside it, through
 * awaits, timers and callbacks, carries its fields. It replaces any outer context (a job run
 * from inside a request belongs to the request that queued it, not to that one).
 */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return state().context.run({ ...context }, fn);
}

/** The id of the request (or of the request that queued the job) being served, if any. */
/** The id of the job this code runs in, if it runs in one (lib/jobs/log-context.ts). */
export function currentJobId(): string | undefined {
  return state().context.getStore()?.jobId;
}

export function currentRequestId(): string | undefined {
  return state().context.getStore()?.requestId;
}
