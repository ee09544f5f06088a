import { stem } from "./stem";
import { contentTokens } from "./text";

// The offline default embedder: no model, no download. Word unigrams and bigrams plus the
// character 3-5-grams of each word are hashed (signed) into a fixed number of dimensions,
// with sublinear term frequency, then L2-normalised. Words are Porter-stemmed first, so
// inflections share their word feature ("refund" / "refunded"); character n-grams give
// partial credit for typos and compounds; bigrams for phrases. Measured against BM25 on the
// retrieval suites: see docs/BENCHMARKS.md. A change to the features changes the vectors:
// bump the embedder id (embedders.ts), which asks for `npm run memory:reembed`.

export const HASHING_DIMENSIONS = 1024;

// Chosen on the dev suites (docs/BENCHMARKS.md): heavier bigrams or lighter character
// n-grams both lost MRR; 2048 dimensions gained 0.002 for twice the storage.
const WEIGHTS = { word: 1, bigram: 0.3, chars: 0.7 };

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function hashingEmbed(text: string, dimensions = HASHING_DIMENSIONS): number[] {
  const counts = new Map<string, { count: number; weight: number }>();
  const add = (feature: string, weight: number) => {
    const entry = counts.get(feature);
    if (entry) entry.count += 1;
    else counts.set(feature, { count: 1, weight });
  };
  const words = contentTokens(text).map(stem);
  words.forEach((word, index) => {
    add(`w:${word}`, WEIGHTS.word);
    const next = words[index + 1];
    if (next) add(`b:${word} ${next}`, WEIGHTS.bigram);
    const padded = `<${word}>`;
    for (let size = 3; size <= 5; size++) {
      for (let start = 0; start + size <= padded.length; start++) add(`c:${padded.slice(start, start + size)}`, WEIGHTS.chars);
    }
  });

  const vector = new Float64Array(dimensions);
  for (const [feature, { count, weight }] of counts) {
    const hash = fnv1a(feature);
    const sign = hash & 0x80000000 ? -1 : 1;
    // Sublinear: the tenth "router" in a note matters less than the first.
    vector[hash % dimensions]! += sign * weight * (1 + Math.log(count));
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  return Array.from(vector, (value) => value / norm);
}

/** The shape mem0's `langchain` embedder provider accepts. */
export class HashingEmbedder {
  readonly dimensions = HASHING_DIMENSIONS;
  embedQuery(text: string): Promise<number[]> {
    return Promise.resolve(hashingEmbed(text));
  }
  embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((text) => hashingEmbed(text)));
  }
}
