// The process's shutdown, shared by the HTTP server (scripts/server.ts, which is not a Next
// bundle and cannot import server-only modules) and the app inside it: the server marks the
// start of the shutdown, readiness (lib/health.ts) reads it, and the app registers what has
// to be closed (lib/startup.ts). The state sits on globalThis because the server script and
// Next's bundles each load their own copy of this module.
import { log as logger } from "./log";

export type ShutdownStep = () => unknown;

interface ShutdownState {
  begunAt?: number;
  steps: Map<string, ShutdownStep>;
}

const slot = globalThis as unknown as { __recallDeskShutdown?: ShutdownState };

function state(): ShutdownState {
  slot.__recallDeskShutdown ??= { steps: new Map() };
  return slot.__recallDeskShutdown;
}

/** From now on the process drains: readiness answers 503 so load balancers send nothing new. */
export function beginShutdown(): void {
  state().begunAt ??= Date.now();
}

export function shutdownBegun(): boolean {
  return state().begunAt !== undefined;
}

/**
 * Something to stop or close once requests have drained, run in the order registered.
 * Registering a label again replaces its step (development reloads run the start-up again).
 */
export function onShutdown(label: string, step: ShutdownStep): void {
  state().steps.set(label, step);
}

/** Runs every registered step once; a failing step is logged and the rest still run. */
export async function runShutdownSteps(log: (line: string) => void = (line) => logger.warn(line)): Promise<void> {
  const steps = [...state().steps];
  state().steps.clear();
  for (const [label, step] of steps) {
    try {
      await step();
    } catch (error) {
      log(`[shutdown] ${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
