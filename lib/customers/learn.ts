import { languageName, type PreferredChannel } from "./fields";

// What rules can learn from one customer message without a model: products of the workspace's
// catalogue named in it (with a version written next to the name), the language it is written
// in (when not English), and an explicit channel or time preference ("please call me", "email
// only", "after 5pm CET"). Pure, so the unit tests pin each rule. Honest limits: channel and
// time phrases are English only; the language guess knows seven Latin-script languages by
// their function words (en, de, fr, es, it, nl, pt) and four by their script (ja, ko, el, he),
// and says nothing about a short or mixed message; a product is found by its catalogue name
// (or that name without its brand, written with its capitals) only.

export type LearnedFact =
  | { kind: "product"; product: string; version: string | null; text: string }
  | { kind: "language"; language: string; text: string }
  | { kind: "channel"; channel: PreferredChannel; text: string }
  | { kind: "contactTime"; text: string };

/** The profile field a fact speaks about: one memory per value, superseded by the field. */
export const factField = { product: "products", language: "language", channel: "preferredChannel", contactTime: "contactTime" } as const;

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** "Lumio Smart-Plug" also matches "lumio smart plug": spaces and hyphens are one separator. */
const namePattern = (name: string) =>
  name
    .trim()
    .split(/[\s-]+/)
    .map(escape)
    .join("[\\s-]+");

// A version written right after the name: "Hub v2.4", "Hub (firmware 3.1.2)", "Hub version 2".
// A bare number needs a dot ("Hub 2.4"), so "Hub 2 days ago" is not a version.
const VERSION_AFTER =
  /^\s*[(,]?\s*(?:(?:v|ver\.?|version|firmware|fw|build|release)\s*:?\s*(\d+(?:\.\d+){0,3}[a-z]?)\b|(\d+\.\d+(?:\.\d+){0,2}[a-z]?)\b)/i;

/**
 * Catalogue products named in the text, longest name first so "Lumio Hub Pro" is not also
 * "Lumio Hub". A name without its first word ("Thermostat" for "Lumio Thermostat") counts when
 * written with the catalogue's capitals and no other product shares it.
 */
export function findProducts(text: string, catalogue: readonly string[]): Array<{ product: string; version: string | null }> {
  const products = [...new Set(catalogue.map((name) => name.trim()).filter((name) => name.length >= 2))].sort(
    (left, right) => right.length - left.length,
  );
  const shortNames = new Map<string, string[]>();
  for (const product of products) {
    const rest = product.split(/\s+/).slice(1).join(" ");
    if (rest.length >= 4) shortNames.set(rest, [...(shortNames.get(rest) ?? []), product]);
  }
  let remaining = text;
  const found: Array<{ product: string; version: string | null }> = [];
  for (const product of products) {
    const patterns = [new RegExp(`(?<![\\p{L}\\p{N}])${namePattern(product)}(?![\\p{L}\\p{N}])`, "iu")];
    const rest = product.split(/\s+/).slice(1).join(" ");
    if (shortNames.get(rest)?.length === 1) patterns.push(new RegExp(`(?<![\\p{L}\\p{N}])${namePattern(rest)}(?![\\p{L}\\p{N}])`, "u"));
    for (const pattern of patterns) {
      const match = pattern.exec(remaining);
      if (!match) continue;
      const after = remaining.slice(match.index + match[0].length, match.index + match[0].length + 40);
      const version = VERSION_AFTER.exec(after);
      found.push({ product, version: version ? (version[1] ?? version[2])! : null });
      // Blank the name out, so a shorter product inside it is not found again.
      remaining = remaining.slice(0, match.index) + " ".repeat(match[0].length) + remaining.slice(match.index + match[0].length);
      break;
    }
  }
  return found;
}

// Function words frequent in each language and rare in the others; a word shared by two
// languages counts for both.
const STOPWORDS: Record<string, string[]> = {
  en: [
    "the",
    "and",
    "is",
    "are",
    "my",
    "with",
    "this",
    "that",
    "it",
    "to",
    "of",
    "have",
    "has",
    "not",
    "for",
    "you",
    "was",
    "i",
    "me",
    "please",
    "when",
    "what",
    "can",
    "does",
    "doesn't",
    "don't",
    "on",
    "after",
    "but",
    "since",
    "again",
    "thanks",
    "would",
    "could",
  ],
  de: [
    "der",
    "die",
    "das",
    "und",
    "ist",
    "nicht",
    "ich",
    "mein",
    "meine",
    "mit",
    "ein",
    "eine",
    "es",
    "auf",
    "für",
    "bitte",
    "wenn",
    "aber",
    "auch",
    "noch",
    "sich",
    "den",
    "dem",
    "habe",
    "kann",
    "seit",
    "wir",
    "geht",
    "mehr",
    "nach",
    "danke",
    "funktioniert",
  ],
  fr: [
    "le",
    "la",
    "les",
    "et",
    "est",
    "je",
    "mon",
    "ma",
    "mes",
    "pas",
    "une",
    "avec",
    "pour",
    "que",
    "qui",
    "dans",
    "ne",
    "sur",
    "il",
    "elle",
    "merci",
    "depuis",
    "fonctionne",
    "vous",
    "nous",
    "ai",
    "plus",
    "du",
    "des",
    "au",
  ],
  es: [
    "el",
    "los",
    "las",
    "y",
    "es",
    "mi",
    "mis",
    "con",
    "una",
    "para",
    "que",
    "por",
    "pero",
    "funciona",
    "desde",
    "gracias",
    "está",
    "tengo",
    "cuando",
    "como",
    "del",
    "al",
    "se",
    "lo",
    "muy",
  ],
  it: [
    "il",
    "lo",
    "gli",
    "e",
    "è",
    "mio",
    "mia",
    "con",
    "una",
    "per",
    "che",
    "non",
    "ma",
    "funziona",
    "grazie",
    "sono",
    "ho",
    "della",
    "questo",
    "dopo",
    "del",
    "nel",
    "si",
  ],
  nl: [
    "de",
    "het",
    "en",
    "is",
    "niet",
    "ik",
    "mijn",
    "met",
    "een",
    "voor",
    "dat",
    "maar",
    "werkt",
    "sinds",
    "bedankt",
    "graag",
    "wij",
    "ook",
    "nog",
    "van",
    "op",
    "na",
    "meer",
  ],
  pt: [
    "o",
    "os",
    "as",
    "e",
    "é",
    "meu",
    "minha",
    "com",
    "uma",
    "para",
    "que",
    "não",
    "mas",
    "funciona",
    "obrigado",
    "obrigada",
    "está",
    "tenho",
    "quando",
    "desde",
    "do",
    "da",
    "em",
    "no",
    "na",
  ],
};
const SCRIPTS: Array<[string, RegExp]> = [
  ["ja", /[\u3040-\u30ff]/gu],
  ["ko", /[\uac00-\ud7af]/gu],
  ["el", /[\u0370-\u03ff]/gu],
  ["he", /[\u0590-\u05ff]/gu],
];
const MIN_WORDS = 8;

/** The language the text is most likely written in, or null when the rules cannot tell. */
export function detectLanguage(text: string): string | null {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  for (const [language, script] of SCRIPTS) {
    // Most letters in the script: quoting one Greek word in English is still English.
    if (letters > 0 && (text.match(script) ?? []).length / letters > 0.5) return language;
  }
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  if (words.length < MIN_WORDS) return null;
  const scores = Object.entries(STOPWORDS)
    .map(([language, list]) => {
      const set = new Set(list);
      return [language, words.filter((word) => set.has(word)).length] as const;
    })
    .sort((left, right) => right[1] - left[1]);
  const [best, second] = scores;
  // Clearly ahead, and function words make up a fair share of the text (not a list of names).
  if (!best || best[1] < 3 || best[1] < 1.5 * (second?.[1] ?? 0) || best[1] / words.length < 0.12) return null;
  return best[0];
}

const sentences = (text: string) =>
  text
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((part) => part.trim())
    .filter(Boolean);
const quote = (phrase: string) => `"${phrase.replace(/\s+/g, " ").trim().slice(0, 60)}"`;

const CHANNEL_RULES: Array<[PreferredChannel, RegExp]> = [
  [
    "phone",
    /\b(?:please\s+)?(?:call|phone|ring)\s+me(?:\s+back)?\b|\b(?:prefer|rather have|would like|give me)\s+a\s+(?:phone\s+)?call\b|\b(?:reach|contact)\s+me\s+(?:by|via|on)\s+(?:the\s+)?(?:phone|telephone|mobile)\b|\bby\s+phone\s+(?:please|only)\b|\bphone\s+only\b/i,
  ],
  [
    "email",
    /\be-?mail\s+only\b|\bonly\s+(?:by|via|through)\s+e-?mail\b|\b(?:prefer|rather)\s+(?:to\s+be\s+contacted\s+)?(?:by|via)?\s*e-?mail\b|\b(?:reply|respond|answer|write)\s+(?:to\s+me\s+)?(?:by|via)\s+e-?mail\b|\b(?:reach|contact)\s+me\s+(?:by|via)\s+e-?mail\b/i,
  ],
  [
    "chat",
    /\b(?:live\s+)?chat\s+only\b|\bprefer\s+(?:the\s+)?(?:live\s+)?chat\b|\b(?:reach|contact)\s+me\s+(?:by|via|on|in)\s+(?:the\s+)?(?:live\s+)?chat\b/i,
  ],
];
// "Don't call me", "never phone me", "no calls please": not a wish to be called.
const NEGATED = /\b(?:don[’']?t|do\s+not|never|no|not|stop)\s+(?:\w+\s+){0,2}$/i;
const channelWords: Record<PreferredChannel, string> = { phone: "by phone", email: "by email", chat: "by chat" };

function findChannel(text: string): LearnedFact | null {
  for (const sentence of sentences(text)) {
    for (const [channel, rule] of CHANNEL_RULES) {
      const match = rule.exec(sentence);
      if (!match || NEGATED.test(sentence.slice(0, match.index))) continue;
      return { kind: "channel", channel, text: `Prefers to be contacted ${channelWords[channel]} (said ${quote(match[0])}).` };
    }
  }
  return null;
}

const ZONE =
  "(?:CET|CEST|GMT|BST|UTC|WET|WEST|EET|EEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|IST|JST|KST|SGT|AEST|AEDT)(?:\\s*[+-]\\s*\\d{1,2})?";
// A clock time: "5pm", "5 p.m.", "17:00", "9.30am", "17h", "5 o'clock"; a bare "5" is not one.
const CLOCK = "\\d{1,2}(?:(?:[:.]\\d{2})?\\s*(?:am|pm|a\\.m\\.|p\\.m\\.)|[:.]\\d{2}|\\s*h\\b|\\s*o'clock)";
const TIME_RULES = [
  // "between 9 and 11am": the second time says what the first one means.
  new RegExp(`\\bbetween\\s+(?:${CLOCK}|\\d{1,2})\\s*(?:and|-|–)\\s*${CLOCK}(?:\\s*${ZONE})?`, "i"),
  new RegExp(
    `\\b(?:from|after|before|until|till|not\\s+before|not\\s+after)\\s+${CLOCK}(?:\\s*(?:to|-|–|until)\\s*${CLOCK})?(?:\\s*${ZONE})?`,
    "i",
  ),
  /\b(?:in\s+the|during\s+the)\s+(?:mornings?|afternoons?|evenings?)\b|\b(?:on\s+)?(?:weekday|weekend)s?\s+only\b/i,
];
// A time is a preference only where the sentence is about reaching them: "the hub drops
// after 5pm" is a symptom, "call me after 5pm" a preference.
const CONTACT = /\b(?:call|ring|phone|reach|contact|available|availability|free|reply|respond|get\s+back|talk|speak|best\s+time)\b/i;

function findContactTime(text: string): LearnedFact | null {
  for (const sentence of sentences(text)) {
    const context = CONTACT.exec(sentence);
    if (!context) continue;
    const tail = sentence.slice(context.index);
    for (const rule of TIME_RULES) {
      const match = rule.exec(tail);
      if (match) return { kind: "contactTime", text: `Best reached ${match[0].replace(/\s+/g, " ").trim()}.` };
    }
  }
  return null;
}

/** Everything the rules learn from one message. */
export function extractFacts({ text, catalogue }: { text: string; catalogue: readonly string[] }): LearnedFact[] {
  const facts: LearnedFact[] = findProducts(text, catalogue).map(({ product, version }) => ({
    kind: "product",
    product,
    version,
    text: `Owns ${product}${version ? `, version ${version}` : ""} (named in a message).`,
  }));
  // The console and its drafts work in English: a customer writing English tells the team
  // nothing to act on, and "Writes in English" on every customer would only crowd their memory.
  const language = detectLanguage(text);
  if (language && language !== "en") facts.push({ kind: "language", language, text: `Writes in ${languageName(language)} (${language}).` });
  const channel = findChannel(text);
  if (channel) facts.push(channel);
  const time = findContactTime(text);
  if (time) facts.push(time);
  return facts;
}
