import "server-only";
import OpenAI from "openai";
import { env } from "@/lib/env";
import { meterChatCompletions } from "@/lib/metrics/usage";

// The chat model used for drafts and message signals: any OpenAI-compatible server, through
// the openai SDK. Unset OPENAI_API_KEY means no model: the offline drafter and lexicon run.

export interface ChatModel {
  client: OpenAI;
  model: string;
  /** Longest wait for the model's next words (the first ones included). */
  idleTimeoutMs: number;
}

let cached: { key: string; model: ChatModel } | undefined;

export function chatModel(): ChatModel | null {
  const config = env();
  if (!config.OPENAI_API_KEY) return null;
  const key = [config.OPENAI_API_KEY, config.OPENAI_BASE_URL, config.OPENAI_MODEL, config.OPENAI_TIMEOUT_MS].join("\n");
  if (cached?.key !== key) {
    cached = {
      key,
      model: {
        // Retries would double the agent's wait on a slow server; the agent can ask again.
        // Its tokens count for the workspace whose meterUsage call it runs in (lib/metrics/usage.ts).
        client: meterChatCompletions(
          new OpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, maxRetries: 0, timeout: config.OPENAI_TIMEOUT_MS }),
        ),
        model: config.OPENAI_MODEL,
        idleTimeoutMs: config.OPENAI_TIMEOUT_MS,
      },
    };
  }
  return cached.model;
}

/** A message safe to show an agent for what went wrong talking to the model. */
export function describeModelError(error: unknown, idleTimeoutMs: number): string {
  if (error instanceof OpenAI.APIUserAbortError || (error instanceof Error && error.name === "AbortError")) {
    return `The AI model did not answer within ${Math.round(idleTimeoutMs / 1000)} seconds.`;
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError)
    return `The AI model did not answer within ${Math.round(idleTimeoutMs / 1000)} seconds.`;
  if (error instanceof OpenAI.APIConnectionError) return "The AI model could not be reached.";
  if (error instanceof OpenAI.AuthenticationError) return "The AI model refused the API key; an admin should check OPENAI_API_KEY.";
  if (error instanceof OpenAI.RateLimitError) return "The AI model is rate-limiting us; try again in a minute.";
  if (error instanceof OpenAI.APIError) return `The AI model failed (HTTP ${error.status ?? "error"}).`;
  return "The AI model failed unexpectedly.";
}

// The failures worth trying again later, as the openai SDK's own retry rule has them: no
// connection, a timeout, 408/409/429 and 5xx. A refused key or a bad request stays wrong.
const TRANSIENT_STATUS = new Set([408, 409, 429]);

/**
 * Whether a model call failed in a way a later try may not (a job retries it; lib/support/
 * message-readings.ts). Follows `cause`: mem0 wraps the SDK's error in its own, and brings
 * its own copy of the SDK, so the status is read from the error's shape, not its class.
 */
export function isTransientModelError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++, current = current.cause) {
    const status = (current as { status?: unknown }).status;
    if (typeof status === "number") return TRANSIENT_STATUS.has(status) || status >= 500;
    if (current instanceof OpenAI.APIConnectionError || current.name === "AbortError") return true;
    if (["APIConnectionError", "APIConnectionTimeoutError", "APIUserAbortError"].includes(current.constructor.name)) return true;
  }
  return false;
}
