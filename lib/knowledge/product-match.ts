import { tokenize } from "@/lib/memory/text";

// Which of the workspace's products (the knowledge base's product tags) a ticket is about.
// Customers rarely write the full name ("my doorbell" for "Lumio Doorbell Cam"), so a
// product is named by its distinctive words: those not shared by most of the catalogue
// (the brand). Half of them present is a match; the most fully named product wins, and two
// named as fully are no answer (the ticket may be about either).

const stem = (token: string) => (token.length > 3 && token.endsWith("s") && !token.endsWith("ss") ? token.slice(0, -1) : token);
const words = (text: string) => new Set(tokenize(text).map(stem));

/** The catalogue's spelling of a product typed in another case or spacing; null when not in it. */
export function canonicalProduct(name: string, catalogue: readonly string[]): string | null {
  const wanted = name.trim().replace(/\s+/g, " ").toLowerCase();
  return catalogue.find((product) => product.toLowerCase() === wanted) ?? null;
}

export function detectProduct(text: string, catalogue: readonly string[]): string | null {
  const present = words(text);
  const tokens = catalogue.map((product) => [...words(product)]);
  const spread = new Map<string, number>();
  for (const list of tokens) for (const token of list) spread.set(token, (spread.get(token) ?? 0) + 1);
  // A word in more than one product and in more than half of them names none of them.
  const common = (token: string) => spread.get(token)! > 1 && spread.get(token)! * 2 > catalogue.length;

  let best: string | null = null;
  let bestScore = 0;
  let tied = false;
  catalogue.forEach((product, index) => {
    const distinctive = tokens[index]!.filter((token) => !common(token));
    const named = distinctive.length > 0 ? distinctive : tokens[index]!;
    const score = named.filter((token) => present.has(token)).length / named.length;
    if (score < 0.5 || score < bestScore) return;
    tied = score === bestScore;
    if (!tied) [best, bestScore] = [product, score];
  });
  return tied ? null : best;
}

/**
 * The product a ticket is about: the one set on it when the catalogue knows it (in any
 * case), else the one its text names. Null when neither says (all knowledge applies).
 */
export function ticketProduct(input: { product?: string | null; text: string; catalogue: readonly string[] }): string | null {
  if (input.catalogue.length === 0) return null;
  const set = input.product?.trim();
  if (set) return canonicalProduct(set, input.catalogue) ?? detectProduct(`${set} ${input.text}`, input.catalogue);
  return detectProduct(input.text, input.catalogue);
}
