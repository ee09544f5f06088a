// Okapi BM25 (k1 1.2, b 0.75) over the documents of one scope. Statistics come from that
// scope only, so a customer's handful of memories is scored against itself, not against the
// whole workspace. Term counts are computed once per document (the store caches them with
// the vectors), so scoring a query costs one pass over the documents' matching terms.

export interface Bm25Document {
  id: string;
  tokens: string[];
}

export interface IndexedDocument {
  id: string;
  counts: Map<string, number>;
  length: number;
}

export function indexDocument(document: Bm25Document): IndexedDocument {
  const counts = new Map<string, number>();
  for (const token of document.tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return { id: document.id, counts, length: document.tokens.length };
}

export function bm25Scores(
  queryTokens: string[],
  documents: Array<Bm25Document | IndexedDocument>,
  k1 = 1.2,
  b = 0.75,
): Map<string, number> {
  const scores = new Map<string, number>();
  const terms = [...new Set(queryTokens)];
  if (terms.length === 0 || documents.length === 0) return scores;
  const indexed = documents.map((document) => ("counts" in document ? document : indexDocument(document)));
  const averageLength = indexed.reduce((sum, document) => sum + document.length, 0) / indexed.length || 1;
  const documentFrequency = new Map<string, number>();
  for (const document of indexed) {
    for (const term of terms) if (document.counts.has(term)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  for (const document of indexed) {
    let score = 0;
    for (const term of terms) {
      const frequency = document.counts.get(term);
      if (!frequency) continue;
      const df = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (indexed.length - df + 0.5) / (df + 0.5));
      score += (idf * frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * document.length) / averageLength));
    }
    if (score > 0) scores.set(document.id, score);
  }
  return scores;
}
