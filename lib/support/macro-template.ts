// The placeholders of canned replies (lib/support/macros.ts), checked when a macro is saved
// and filled when it is inserted. No server imports: the management page shows the list too.

export const MACRO_PLACEHOLDERS = {
  "customer.name": "the customer's name",
  "customer.firstName": "the customer's first name",
  "ticket.number": "the ticket number",
  "agent.name": "your name",
} as const;

export type MacroPlaceholder = keyof typeof MACRO_PLACEHOLDERS;
export type MacroValues = Record<MacroPlaceholder, string>;

// `{{ name }}`, spaces inside the braces allowed. A brace pair left over after the known
// placeholders are taken out is a typo the author should see, not text the customer gets.
const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

const isPlaceholder = (name: string): name is MacroPlaceholder => Object.hasOwn(MACRO_PLACEHOLDERS, name);

/** What is wrong with a macro's placeholders, as one message for the body field; null when all are known. */
export function placeholderProblem(body: string): string | null {
  const unknown = [...body.matchAll(TOKEN)].map((match) => match[1]!).filter((name) => !isPlaceholder(name));
  if (unknown.length > 0) {
    const names = [...new Set(unknown)].map((name) => `{{${name.slice(0, 40)}}}`).join(", ");
    return `Unknown placeholder${unknown.length > 1 ? "s" : ""} ${names}. Use ${Object.keys(MACRO_PLACEHOLDERS)
      .map((name) => `{{${name}}}`)
      .join(", ")}.`;
  }
  const rest = body.replace(TOKEN, "");
  if (rest.includes("{{") || rest.includes("}}")) return "Write each placeholder as {{name}}, with two braces on each side.";
  return null;
}

/**
 * Fills the placeholders in one pass: a value is inserted as it is and never read again, so
 * a customer named "{{agent.name}}" stays that text. The result is plain text for the reply
 * box (a textarea), never HTML.
 */
export function fillPlaceholders(body: string, values: MacroValues): string {
  return body.replace(TOKEN, (token, name: string) => (isPlaceholder(name) ? values[name] : token));
}

/** The first word of a name, for {{customer.firstName}}. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}
