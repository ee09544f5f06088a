// Tokenising shared by the offline embedder and keyword scoring. Identifiers such as order
// numbers ("#W7678072", "LM-401234") survive as single tokens, because agents search by them.

const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him " +
    "himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves im ive id dont cant wont didnt doesnt isnt also get got please thanks hi hello"
  ).split(" "),
);

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

/** Lower-cased word tokens, apostrophes dropped, ids with digits and dashes kept whole. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text
    .toLowerCase()
    .replace(/['’]/g, "")
    .matchAll(/[\p{L}\p{N}]+(?:[-_.][\p{L}\p{N}]+)*/gu)) {
    tokens.push(match[0]);
  }
  return tokens;
}

/** Tokens without stopwords: what keyword scoring and the embedder's word features use. */
export function contentTokens(text: string): string[] {
  return tokenize(text).filter((token) => !STOPWORDS.has(token));
}

// mem0 3.3's BM25 terms (lemmatizeForBm25: [a-z0-9]+ runs of the lower-cased text, these
// stopwords dropped, each word stemmed, and a word in "-ing" longer than five letters kept
// unstemmed as well). Only their count is computed here: see openingTermCount.
const MEM0_STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can cannot could did do does doing down during each few for from further get got had has have having he her here hers " +
    "herself him himself his how i if in into is it its itself just me might more most must my myself no nor not of off on " +
    "once only or other ought our ours ourselves out over own same shall she should so some such than that the their theirs " +
    "them themselves then there these they this those through to too under until up very was we were what when where which " +
    "while who whom why will with would you your yours yourself yourselves"
  ).split(" "),
);

/** A memory's opening: its first sentence or first line (a knowledge entry's title), at most 40 words. */
export function openingOf(text: string): string {
  const sentence = /^[^\n]*?[.?!](?=\s|$)|^[^\n]*/.exec(text.trimStart())?.[0] ?? "";
  return sentence.split(/\s+/).slice(0, 40).join(" ");
}

/**
 * How many of the memory's stored BM25 terms (mem0's `textLemmatized`, in text order) come
 * from its opening: those terms are the first this many of them.
 */
export function openingTermCount(text: string): number {
  let count = 0;
  for (const word of openingOf(text)
    .toLowerCase()
    .match(/[a-z0-9]+/g) ?? []) {
    if (MEM0_STOPWORDS.has(word)) continue;
    count += word.length > 5 && word.endsWith("ing") ? 2 : 1;
  }
  return count;
}
