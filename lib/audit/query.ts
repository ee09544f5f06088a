import { z } from "zod";

// The audit log's filters, as they appear in the URL (page, CSV and JSON export alike).
// Dates are whole UTC days, both ends included.

/** A URL's value: the first of repeated parameters, and an empty field counts as absent. */
const param = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" && first.trim() === "" ? undefined : first;
  }, schema.optional());

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31.")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Not a real date.");

export const actorTypes = ["system", "api", "customer"] as const;

export const auditQuerySchema = z
  .object({
    /** A user's id, or "system", "api" or "customer" for entries without a user. */
    actor: param(z.union([z.uuid("Unknown actor."), z.enum(actorTypes, "Unknown actor.")])),
    action: param(
      z
        .string()
        .trim()
        .max(100)
        .regex(/^[a-z0-9_.]+$/, "Unknown action."),
    ),
    targetType: param(
      z
        .string()
        .trim()
        .max(50)
        .regex(/^[a-z0-9_]+$/, "Unknown target type."),
    ),
    targetId: param(z.string().trim().max(200)),
    from: param(day),
    to: param(day),
    /** Keyset: the page holds entries with a seq below this one (newest first). */
    cursor: param(z.coerce.number<string>().int().positive("Bad page.")),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: "The start date is after the end date.",
    path: ["to"],
  });

export type AuditQuery = z.output<typeof auditQuerySchema>;

/** The query as URL search params (without the cursor unless given), for links and exports. */
export function auditQueryParams(query: AuditQuery, extra: Record<string, string | number | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, cursor: undefined, ...extra })) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  return params;
}

/** The half-open time range of the from/to days. */
export function dayRange(query: Pick<AuditQuery, "from" | "to">): { gte?: Date; lt?: Date } {
  const range: { gte?: Date; lt?: Date } = {};
  if (query.from) range.gte = new Date(`${query.from}T00:00:00.000Z`);
  if (query.to) range.lt = new Date(new Date(`${query.to}T00:00:00.000Z`).getTime() + 86_400_000);
  return range;
}
