// A route handler knows its URL and its parameters, not the file it was routed to. Putting
// each parameter's name back where its value stands gives the template (/api/tickets/[id]),
// so a metric has one series per route rather than one per ticket.

type Params = Record<string, string | string[] | undefined>;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `/api/v1/tickets/42` with `{ id: "42" }` is `/api/v1/tickets/[id]`; a catch-all's run of segments becomes `[...name]`. */
export function routeTemplate(pathname: string, params: Params = {}): string {
  const decoded = pathname.split("/").map(decode);
  const segments: Array<string | null> = pathname.split("/");
  const taken = new Set<number>();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) continue;
    // The last occurrence: a value repeated earlier in the path is more likely a fixed segment.
    for (let start = segments.length - values.length; start >= 1; start -= 1) {
      const run = values.every((part, offset) => !taken.has(start + offset) && decoded[start + offset] === part);
      if (!run) continue;
      segments.splice(
        start,
        values.length,
        Array.isArray(value) ? `[...${name}]` : `[${name}]`,
        ...new Array<null>(values.length - 1).fill(null),
      );
      for (let offset = 0; offset < values.length; offset += 1) taken.add(start + offset);
      break;
    }
  }
  return segments.filter((segment) => segment !== null).join("/") || "/";
}
