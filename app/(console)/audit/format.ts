/** "2026-01-31 14:05:09 UTC": the log's times, in one zone whoever reads them. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** A summary as "key: value" pairs, nested values as JSON. */
export function formatSummary(summary: unknown): string {
  if (!summary || typeof summary !== "object" || Array.isArray(summary)) return JSON.stringify(summary ?? "");
  return Object.entries(summary)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}
