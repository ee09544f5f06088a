// Okapi BM25 (k1 1.2, b 0.75) over the documents of one scope. Statistics come from that
// scope only, so a customer's handful of memories is scored against itself, not against the
// whole workspace.

export interface Bm25Document {
  id: string;
  tokens: string[];
}

export function bm25Scores(queryTokens: string[], documents: Bm25Document[], k1 = 1.2, b = 0.75): Map<string, number> {
  const scores = new Map<string, number>();
  const terms = [...new Set(queryTokens)];
  if (terms.length === 0 || documents.length === 0) return scores;
  const averageLength = documents.reduce((sum, document) => sum + document.tokens.length, 0) / documents.length || 1;
  const documentFrequency = new Map<string, number>();
  const termCounts = documents.map((document) => {
    const counts = new Map<string, number>();
    for (const token of document.tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
    for (const term of terms) if (counts.has(term)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    return counts;
  });
  documents.forEach((document, index) => {
    let score = 0;
    const counts = termCounts[index]!;
    for (const term of terms) {
      const frequency = counts.get(term);
      if (!frequency) continue;
      const df = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (documents.length - df + 0.5) / (df + 0.5));
      score += (idf * frequency * (k1 + 1)) / (frequency + k1 * (1 - b + (b * document.tokens.length) / averageLength));
    }
    if (score > 0) scores.set(document.id, score);
  });
  return scores;
}
