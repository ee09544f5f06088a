import { needlePatterns, redactPersonalData } from "@/lib/privacy/redact";

// Shared knowledge must never carry a customer's identity. Before a resolved issue is
// suggested as a knowledge base draft, these are replaced: the customer's own name parts,
// email addresses, phone numbers, order numbers and other long digit runs.

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

/**
 * For text suggested as team knowledge from a customer's ticket: that customer's own
 * identifiers however written (full name, address, phone digits in any grouping), then
 * anyone's emails, phone and order numbers and the customer's name parts.
 */
export function stripCustomerData(text: string, customer: { name: string; email: string; phone?: string | null }): string {
  return scrubPersonalData(redactPersonalData(text, needlePatterns(customer)), [customer.name]);
}
