/** "$0.0123" under a dollar (memory costs fractions of a cent a ticket), "$12.34" above. */
export function money(value: number | null): string {
  if (value === null) return "—";
  if (value === 0) return "$0";
  return `$${value.toLocaleString("en", value < 1 ? { minimumFractionDigits: 4, maximumFractionDigits: 6 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Decimal units, as storage is priced (1 GB = 10^9 bytes). */
export function bytes(value: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let unit = 0;
  let scaled = value;
  while (scaled >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return `${scaled.toLocaleString("en", { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

export const count = (value: number, digits = 0) => value.toLocaleString("en", { maximumFractionDigits: digits });

/** "2026-11" as "Nov 2026". */
export function monthLabel(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleString("en", { month: "short", year: "numeric", timeZone: "UTC" });
}
