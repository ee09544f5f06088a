// The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980),
// for the offline embedder's word features: "refunded", "refunds" and "refunding" become one
// feature, so a query and a memory that inflect a word differently still share it. Measured
// against mem0's lighter suffix rules on the retrieval suites: docs/BENCHMARKS.md.

const isConsonant = (word: string, index: number): boolean => {
  const letter = word[index]!;
  if ("aeiou".includes(letter)) return false;
  // "y" after a consonant is a vowel ("happy"), after a vowel a consonant ("toy").
  if (letter === "y") return index === 0 || !isConsonant(word, index - 1);
  return true;
};

/** m in Porter's [C](VC)^m[V]: how many vowel-consonant sequences the stem has. */
function measure(stem: string): number {
  let count = 0;
  let index = 0;
  while (index < stem.length && isConsonant(stem, index)) index++;
  while (index < stem.length) {
    while (index < stem.length && !isConsonant(stem, index)) index++;
    if (index >= stem.length) break;
    count++;
    while (index < stem.length && isConsonant(stem, index)) index++;
  }
  return count;
}

const hasVowel = (stem: string) => [...stem].some((_, index) => !isConsonant(stem, index));
const endsWithDoubleConsonant = (word: string) => word.length >= 2 && word.at(-1) === word.at(-2) && isConsonant(word, word.length - 1);
/** Consonant-vowel-consonant, the last not w, x or y ("hop", not "snow"). */
const endsCvc = (word: string) =>
  word.length >= 3 &&
  isConsonant(word, word.length - 3) &&
  !isConsonant(word, word.length - 2) &&
  isConsonant(word, word.length - 1) &&
  !"wxy".includes(word.at(-1)!);

/** Replaces the first suffix of the list the word ends with, when the rest's measure passes. */
function replaceSuffix(word: string, rules: ReadonlyArray<readonly [string, string]>, minimum: number): string {
  for (const [suffix, replacement] of rules) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    return measure(stem) > minimum ? stem + replacement : word;
  }
  return word;
}

const STEP2 = [
  ["ational", "ate"],
  ["tional", "tion"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["izer", "ize"],
  ["abli", "able"],
  ["alli", "al"],
  ["entli", "ent"],
  ["eli", "e"],
  ["ousli", "ous"],
  ["ization", "ize"],
  ["ation", "ate"],
  ["ator", "ate"],
  ["alism", "al"],
  ["iveness", "ive"],
  ["fulness", "ful"],
  ["ousness", "ous"],
  ["aliti", "al"],
  ["iviti", "ive"],
  ["biliti", "ble"],
] as const;
const STEP3 = [
  ["icate", "ic"],
  ["ative", ""],
  ["alize", "al"],
  ["iciti", "ic"],
  ["ical", "ic"],
  ["ful", ""],
  ["ness", ""],
] as const;
const STEP4 = [
  "ement",
  "ance",
  "ence",
  "able",
  "ible",
  "ment",
  "ant",
  "ent",
  "ism",
  "ate",
  "iti",
  "ous",
  "ive",
  "ize",
  "ion",
  "al",
  "er",
  "ic",
  "ou",
];

function porter(word: string): string {
  let stem = word;
  if (stem.endsWith("sses") || stem.endsWith("ies")) stem = stem.slice(0, -2);
  else if (stem.endsWith("s") && !stem.endsWith("ss")) stem = stem.slice(0, -1);

  let restore = false;
  if (stem.endsWith("eed")) {
    if (measure(stem.slice(0, -3)) > 0) stem = stem.slice(0, -1);
  } else if (stem.endsWith("ed") && hasVowel(stem.slice(0, -2))) {
    stem = stem.slice(0, -2);
    restore = true;
  } else if (stem.endsWith("ing") && hasVowel(stem.slice(0, -3))) {
    stem = stem.slice(0, -3);
    restore = true;
  }
  if (restore) {
    if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) stem += "e";
    else if (endsWithDoubleConsonant(stem) && !"lsz".includes(stem.at(-1)!)) stem = stem.slice(0, -1);
    else if (measure(stem) === 1 && endsCvc(stem)) stem += "e";
  }
  if (stem.endsWith("y") && hasVowel(stem.slice(0, -1))) stem = `${stem.slice(0, -1)}i`;

  stem = replaceSuffix(stem, STEP2, 0);
  stem = replaceSuffix(stem, STEP3, 0);
  const suffix = STEP4.find((candidate) => stem.endsWith(candidate));
  if (suffix) {
    const rest = stem.slice(0, -suffix.length);
    if (measure(rest) > 1 && (suffix !== "ion" || /[st]$/.test(rest))) stem = rest;
  }
  if (stem.endsWith("e")) {
    const rest = stem.slice(0, -1);
    const size = measure(rest);
    if (size > 1 || (size === 1 && !endsCvc(rest))) stem = rest;
  }
  if (stem.endsWith("ll") && measure(stem) > 1) stem = stem.slice(0, -1);
  return stem;
}

// A workspace's vocabulary is small next to its text: stems are looked up, not recomputed.
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** The word's Porter stem; words with digits or other letters than a-z, and short ones, are kept as they are. */
export function stem(word: string): string {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = porter(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, stemmed);
  }
  return stemmed;
}
