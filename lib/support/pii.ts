// Shared knowledge must never carry a customer's identity. Before a resolved issue is
// promoted to agent knowledge, these are replaced: the customer's own name parts, email
// addresses, phone numbers, order numbers and other long digit runs.

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const PHONE = /\+?\d[\d\s().-]{7,}\d/g;
const ORDER = /\b(?:[A-Z]{1,4}-?)?#?\d{5,}\b|#[A-Z]?\d{4,}\b/gi;

export function scrubPersonalData(text: string, names: string[] = []): string {
  let result = text.replace(EMAIL, "[email]").replace(ORDER, "[order]").replace(PHONE, "[phone]");
  for (const name of names.flatMap((full) => full.split(/\s+/)).filter((part) => part.length > 1)) {
    result = result.replace(new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "gi"), "the customer");
  }
  return result;
}
