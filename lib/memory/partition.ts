// One scope's memories held for scoring: vectors in one contiguous, dimension-major array
// with their norms precomputed, and an inverted index of the lemmatised terms for BM25
// (k1 1.2, b 0.75). A query touches only its own non-zero dimensions (a hashed query has a
// hundred or so of 1024) and the postings of its own terms.

export interface PartitionRow {
  id: string;
  payload: Record<string, unknown> & { textLemmatized?: string };
  vector: Float32Array;
}

const K1 = 1.2;
const B = 0.75;

export class Partition {
  readonly ids: string[];
  readonly payloads: PartitionRow["payload"][];
  private readonly dimensions: number;
  /** matrix[dimension * size + row] */
  private readonly matrix: Float32Array;
  private readonly norms: Float32Array;
  private readonly lengths: Uint32Array;
  private readonly averageLength: number;
  private readonly postings = new Map<string, Array<[number, number]>>();

  constructor(rows: PartitionRow[]) {
    this.ids = rows.map((row) => row.id);
    this.payloads = rows.map((row) => row.payload);
    this.dimensions = rows[0]?.vector.length ?? 0;
    this.matrix = new Float32Array(rows.length * this.dimensions);
    this.norms = new Float32Array(rows.length);
    this.lengths = new Uint32Array(rows.length);
    rows.forEach((row, index) => {
      for (let dimension = 0; dimension < this.dimensions; dimension++) this.matrix[dimension * rows.length + index] = row.vector[dimension] ?? 0;
      let norm = 0;
      for (const value of row.vector) norm += value * value;
      this.norms[index] = Math.sqrt(norm);
      const counts = new Map<string, number>();
      const tokens = (row.payload.textLemmatized ?? "").split(" ").filter(Boolean);
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      this.lengths[index] = tokens.length;
      for (const [term, count] of counts) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push([index, count]);
      }
    });
    this.averageLength = rows.length ? this.lengths.reduce((sum, length) => sum + length, 0) / rows.length || 1 : 1;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Cosine similarity of the query with every row, by row index. */
  cosine(query: number[]): Float32Array {
    const size = this.size;
    const dots = new Float32Array(size);
    let queryNorm = 0;
    for (let dimension = 0; dimension < this.dimensions; dimension++) {
      const weight = query[dimension] ?? 0;
      if (weight === 0) continue;
      queryNorm += weight * weight;
      const offset = dimension * size;
      for (let row = 0; row < size; row++) dots[row]! += weight * this.matrix[offset + row]!;
    }
    queryNorm = Math.sqrt(queryNorm);
    for (let row = 0; row < size; row++) {
      const norm = this.norms[row]!;
      dots[row] = norm === 0 || queryNorm === 0 ? 0 : dots[row]! / (norm * queryNorm);
    }
    return dots;
  }

  /** BM25 with the partition's own statistics; only candidates score (all when null). */
  bm25(queryTerms: string[], candidates: number[] | null): Map<number, number> {
    const allowed = candidates ? new Set(candidates) : null;
    const scores = new Map<number, number>();
    const total = this.size;
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (total - list.length + 0.5) / (list.length + 0.5));
      for (const [index, frequency] of list) {
        if (allowed && !allowed.has(index)) continue;
        const length = this.lengths[index]!;
        const score = (idf * frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * length) / this.averageLength));
        scores.set(index, (scores.get(index) ?? 0) + score);
      }
    }
    return scores;
  }
}

/** Indexes of the k highest scores (among allowed indexes, or all), best first; no per-row allocation. */
export function topIndexes(scores: Float32Array, k: number, allowed: number[] | null): number[] {
  const best: number[] = [];
  const consider = (index: number) => {
    const score = scores[index]!;
    if (best.length === k && score <= scores[best[k - 1]!]!) return;
    let position = best.length;
    while (position > 0 && scores[best[position - 1]!]! < score) position -= 1;
    best.splice(position, 0, index);
    if (best.length > k) best.pop();
  };
  if (allowed) for (const index of allowed) consider(index);
  else for (let index = 0; index < scores.length; index++) consider(index);
  return best;
}
