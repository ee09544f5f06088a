import { z } from "zod";

// Metadata filters with the semantics people expect, evaluated by our store (mem0's own
// filter handling keeps only the first of {gte, lte} and the last of an AND over one key).
//   { type: "solution" }                       equality
//   { priority: { gte: 2, lte: 4 } }           every operator applies
//   { AND: [...] } / { OR: [...] } / { NOT: [...] }

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const operators = z
  .object({
    eq: scalar,
    ne: scalar,
    gt: z.union([z.number(), z.string()]),
    gte: z.union([z.number(), z.string()]),
    lt: z.union([z.number(), z.string()]),
    lte: z.union([z.number(), z.string()]),
    in: z.array(scalar),
    nin: z.array(scalar),
    contains: z.string(),
    icontains: z.string(),
  })
  .partial()
  .strict();

export type MemoryFilter = { AND?: MemoryFilter[]; OR?: MemoryFilter[]; NOT?: MemoryFilter[] } & {
  [key: string]: unknown;
};

export const memoryFilterSchema: z.ZodType<MemoryFilter> = z.lazy(
  () =>
    z.record(z.string(), z.unknown()).superRefine((value, context) => {
      for (const [key, condition] of Object.entries(value)) {
        if (key === "AND" || key === "OR" || key === "NOT") {
          const list = z.array(memoryFilterSchema).safeParse(condition);
          if (!list.success) context.addIssue({ code: "custom", message: `${key} takes a list of filters`, path: [key] });
        } else if (!scalar.safeParse(condition).success && !operators.safeParse(condition).success && condition !== "*") {
          context.addIssue({ code: "custom", message: `unsupported condition for "${key}"`, path: [key] });
        }
      }
    }) as z.ZodType<MemoryFilter>,
);

function compare(value: unknown, bound: unknown, test: (order: number) => boolean): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "number" && typeof bound === "number") return test(value - bound);
  // Text, or a number against text, compares as text; an object or a list has no order.
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return false;
  return test(String(value).localeCompare(String(bound)));
}

function matchesCondition(value: unknown, condition: unknown): boolean {
  if (condition === "*") return value !== undefined;
  if (condition === null || typeof condition !== "object") return value === condition;
  return Object.entries(condition as Record<string, unknown>).every(([operator, bound]) => {
    switch (operator) {
      case "eq":
        return value === bound;
      case "ne":
        return value !== bound;
      case "gt":
        return compare(value, bound, (order) => order > 0);
      case "gte":
        return compare(value, bound, (order) => order >= 0);
      case "lt":
        return compare(value, bound, (order) => order < 0);
      case "lte":
        return compare(value, bound, (order) => order <= 0);
      case "in":
        return (bound as unknown[]).includes(value);
      case "nin":
        return !(bound as unknown[]).includes(value);
      case "contains":
        return typeof value === "string" && value.includes(String(bound));
      case "icontains":
        return typeof value === "string" && value.toLowerCase().includes(String(bound).toLowerCase());
      default:
        return false;
    }
  });
}

export function matchesFilter(payload: Record<string, unknown>, filter: MemoryFilter | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([key, condition]) => {
    if (key === "AND") return (condition as MemoryFilter[]).every((inner) => matchesFilter(payload, inner));
    if (key === "OR") return (condition as MemoryFilter[]).some((inner) => matchesFilter(payload, inner));
    if (key === "NOT") return !(condition as MemoryFilter[]).some((inner) => matchesFilter(payload, inner));
    return matchesCondition(payload[key], condition);
  });
}
