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
  for (const match of text.toLowerCase().replace(/['’]/g, "").matchAll(/[\p{L}\p{N}]+(?:[-_.][\p{L}\p{N}]+)*/gu)) {
    tokens.push(match[0]);
  }
  return tokens;
}

/** Tokens without stopwords: what keyword scoring and the embedder's word features use. */
export function contentTokens(text: string): string[] {
  return tokenize(text).filter((token) => !STOPWORDS.has(token));
}
