import "server-only";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { processSingleton } from "@/lib/singleton";
import type { JobDefinition, JobHandler, JobOptions, JobSchedule } from "./types";

// The jobs this process knows, and the schedules it asked for. Modules define their jobs
// when imported; whichever queue runs (lib/jobs/index.ts) reads them here. On globalThis,
// as Next.js may load this module more than once.

interface Registry {
  definitions: Map<string, JobDefinition>;
  schedules: Map<string, JobSchedule>;
}

const registry = () => processSingleton<Registry>("jobRegistry", () => ({ definitions: new Map(), schedules: new Map() }));

// pg-boss's queue names are its partition keys; keep them plain.
const jobName = z.string().regex(/^[a-z][a-z0-9.-]{0,62}$/, "lowercase letters, digits, dots and dashes");

export const defaultJobOptions = {
  retryLimit: 3,
  retryDelaySeconds: 30,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  singleton: false,
  coalesce: false,
  concurrency: 1,
} as const;

/** Registers a job: its handler, how its payload parses, how it retries. Defining a name again replaces it (reloads). */
export function defineJob<T>(
  name: string,
  handler: JobHandler<T>,
  options: Partial<JobOptions<T>> & Pick<JobOptions<T>, "payload">,
): JobDefinition<T> {
  jobName.parse(name);
  const definition: JobDefinition<T> = { name, handler, options: { ...defaultJobOptions, ...options } };
  if (!Number.isInteger(definition.options.retryDelaySeconds) || definition.options.retryDelaySeconds < 0)
    throw new Error(`Job ${name}: retryDelaySeconds must be a whole number of seconds`);
  registry().definitions.set(name, definition as JobDefinition);
  return definition;
}

export function getJobDefinition(name: string): JobDefinition {
  const definition = registry().definitions.get(name);
  if (!definition) throw new Error(`No job is defined as ${name}`);
  return definition;
}

export function listJobDefinitions(): JobDefinition[] {
  return [...registry().definitions.values()];
}

/** The payload as the job's schema reads it; a bad one is the caller's error, named by field. */
export function parsePayload(definition: JobDefinition, payload: unknown): unknown {
  const parsed = definition.options.payload.safeParse(payload);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "payload")] ??= []).push(issue.message);
  throw new ValidationError(`The payload of job ${definition.name} is not valid.`, fieldErrors);
}

export function recordSchedule(name: string, schedule: JobSchedule): void {
  registry().schedules.set(name, schedule);
}

export function forgetSchedule(name: string): void {
  registry().schedules.delete(name);
}

export function listSchedules(): Array<[string, JobSchedule]> {
  return [...registry().schedules];
}

export function hasSchedule(name: string): boolean {
  return registry().schedules.has(name);
}

/** The cron a schedule runs on at a server; `everyMinutes` must divide an hour. */
export function cronOf(schedule: JobSchedule): string {
  if ("cron" in schedule) return schedule.cron;
  const minutes = schedule.everyMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60 || 60 % minutes !== 0)
    throw new Error(`everyMinutes must divide an hour (1, 2, 5, 10, 15, 30, 60), not ${minutes}`);
  return minutes === 60 ? "0 * * * *" : `*/${minutes} * * * *`;
}

/** pg-boss's retry wait (plans.js failJobs): the delay, or with backoff delay·2^n/2 plus up to as much again at random. */
export function retryDelayMs(options: Pick<JobOptions<unknown>, "retryDelaySeconds" | "retryBackoff">, retriesSoFar: number): number {
  const base = options.retryDelaySeconds * 1000;
  if (!options.retryBackoff) return base;
  const half = (base * 2 ** Math.min(16, retriesSoFar + 1)) / 2;
  return half + half * Math.random();
}
