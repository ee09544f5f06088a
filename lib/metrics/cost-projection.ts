import { z } from "zod";

// The cost of memory for a support team at a chosen ticket volume, from per-ticket figures
// (measured in the workspace, or typed in) and prices. Pure arithmetic, shown on the cost
// page with its assumptions:
//   - every ticket costs the same searches, writes and tokens as the measured average;
//   - embedding and model tokens are paid per million at the prices given;
//   - memory is kept: each month's tickets add their bytes, and storage is paid per GB-month
//     (10^9 bytes) on what is held at the end of each month, so it grows month after month
//     (retention archives customer memory but never deletes it).

/** Each figure the projection takes: its bounds, and whether it is a whole number. */
export const projectionFields = {
  ticketsPerMonth: { min: 0, max: 10_000_000, int: true },
  months: { min: 1, max: 60, int: true },
  searchesPerTicket: { min: 0, max: 1_000, int: false },
  writesPerTicket: { min: 0, max: 1_000, int: false },
  embeddingTokensPerTicket: { min: 0, max: 10_000_000, int: false },
  llmInputTokensPerTicket: { min: 0, max: 10_000_000, int: false },
  llmOutputTokensPerTicket: { min: 0, max: 10_000_000, int: false },
  storageBytesPerTicket: { min: 0, max: 1_000_000_000, int: false },
  embeddingPricePerMTok: { min: 0, max: 1_000, int: false },
  llmInputPricePerMTok: { min: 0, max: 1_000, int: false },
  llmOutputPricePerMTok: { min: 0, max: 1_000, int: false },
  storagePricePerGbMonth: { min: 0, max: 1_000, int: false },
} as const;

export type ProjectionField = keyof typeof projectionFields;
export type ProjectionInput = Record<ProjectionField, number>;

function fieldSchema({ min, max, int }: { min: number; max: number; int: boolean }) {
  const message = `Enter ${int ? "a whole number" : "a number"} from ${min.toLocaleString("en")} to ${max.toLocaleString("en")}.`;
  const number = z.coerce.number({ error: message }).min(min, message).max(max, message);
  return int ? number.int(message) : number;
}

/**
 * The projection's figures from the page's query string: each one given and valid is used,
 * any other keeps its default (the measured figure) and an invalid one says why.
 */
export function readProjectionInput(
  raw: Record<string, string | string[] | undefined>,
  defaults: ProjectionInput,
): { input: ProjectionInput; errors: Partial<Record<ProjectionField, string>> } {
  const input = { ...defaults };
  const errors: Partial<Record<ProjectionField, string>> = {};
  for (const [field, bounds] of Object.entries(projectionFields) as Array<[ProjectionField, (typeof projectionFields)[ProjectionField]]>) {
    const value = raw[field];
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    if (!text) continue;
    const parsed = fieldSchema(bounds).safeParse(text);
    if (parsed.success) input[field] = parsed.data;
    else errors[field] = parsed.error.issues[0]?.message ?? "Enter a number.";
  }
  return { input, errors };
}

export interface ProjectedMonth {
  month: number;
  /** Bytes held at the end of the month. */
  storageBytes: number;
  embeddingCost: number;
  llmCost: number;
  storageCost: number;
  total: number;
}

export interface Projection {
  perMonth: {
    searches: number;
    writes: number;
    embeddingTokens: number;
    llmInputTokens: number;
    llmOutputTokens: number;
    embeddingCost: number;
    llmCost: number;
  };
  months: ProjectedMonth[];
  /** Over the whole horizon. */
  total: number;
  /** Total over every ticket of the horizon (null without tickets). */
  perTicket: number | null;
  /** The first month's cost per ticket: before storage has grown. */
  firstMonthPerTicket: number | null;
}

const GB = 1e9;

export function projectCost(input: ProjectionInput): Projection {
  const tickets = input.ticketsPerMonth;
  const embeddingTokens = tickets * input.embeddingTokensPerTicket;
  const llmInputTokens = tickets * input.llmInputTokensPerTicket;
  const llmOutputTokens = tickets * input.llmOutputTokensPerTicket;
  const embeddingCost = (embeddingTokens * input.embeddingPricePerMTok) / 1e6;
  const llmCost = (llmInputTokens * input.llmInputPricePerMTok + llmOutputTokens * input.llmOutputPricePerMTok) / 1e6;
  const months: ProjectedMonth[] = [];
  for (let month = 1; month <= input.months; month++) {
    const storageBytes = tickets * input.storageBytesPerTicket * month;
    const storageCost = (storageBytes / GB) * input.storagePricePerGbMonth;
    months.push({ month, storageBytes, embeddingCost, llmCost, storageCost, total: embeddingCost + llmCost + storageCost });
  }
  const total = months.reduce((sum, month) => sum + month.total, 0);
  const allTickets = tickets * input.months;
  return {
    perMonth: {
      searches: tickets * input.searchesPerTicket,
      writes: tickets * input.writesPerTicket,
      embeddingTokens,
      llmInputTokens,
      llmOutputTokens,
      embeddingCost,
      llmCost,
    },
    months,
    total,
    perTicket: allTickets > 0 ? total / allTickets : null,
    firstMonthPerTicket: tickets > 0 ? months[0]!.total / tickets : null,
  };
}
