// One scope's memories held for scoring: vectors held by dimension with their norms
// precomputed, and an inverted index of the lemmatised terms for BM25 (k1 1.2, b 0.75). A
// query touches only its own non-zero dimensions (a hashed query has a hundred or so of 1024)
// and the postings of its own terms. When most stored values are zero (the hashing embedder
// fills about a fifth of the dimensions), each dimension keeps only its non-zero rows: the
// same sums, since adding a zero product changes no float, at a fifth of the work and memory.

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
  /** Dense: matrix[dimension * size + row]. */
  private readonly matrix: Float32Array | null;
  /** Sparse: dimension d's non-zero rows are sparseRows[starts[d]..starts[d + 1]], ascending. */
  private readonly starts: Uint32Array | null = null;
  private readonly sparseRows: Uint32Array | null = null;
  private readonly sparseValues: Float32Array | null = null;
  private readonly norms: Float32Array;
  private readonly sizes: Uint32Array;
  private readonly lengths: Uint32Array;
  private readonly averageLength: number;
  /** Per row: K1 * (1 - B + B * length / averageLength), BM25's length term. */
  private readonly lengthTerms: Float64Array;
  /** Per term: the rows holding it (ascending) and how often. */
  private readonly postings = new Map<string, { rows: Uint32Array; counts: Uint32Array }>();

  constructor(rows: PartitionRow[]) {
    this.ids = rows.map((row) => row.id);
    this.payloads = rows.map((row) => row.payload);
    // Rows can differ in size while `npm run memory:reembed` runs; each row keeps its own.
    this.sizes = Uint32Array.from(rows, (row) => row.vector.length);
    this.dimensions = this.sizes.reduce((widest, size) => Math.max(widest, size), 0);
    this.norms = new Float32Array(rows.length);
    this.lengths = new Uint32Array(rows.length);
    const counts = new Uint32Array(this.dimensions + 1);
    for (const row of rows) {
      for (let dimension = 0; dimension < this.dimensions; dimension++) if ((row.vector[dimension] ?? 0) !== 0) counts[dimension + 1]! += 1;
    }
    const nonZero = counts.reduce((sum, count) => sum + count, 0);
    if (nonZero * 2 < rows.length * this.dimensions) {
      this.matrix = null;
      this.starts = new Uint32Array(this.dimensions + 1);
      for (let dimension = 0; dimension < this.dimensions; dimension++) this.starts[dimension + 1] = this.starts[dimension]! + counts[dimension + 1]!;
      this.sparseRows = new Uint32Array(nonZero);
      this.sparseValues = new Float32Array(nonZero);
      const next = this.starts.slice(0, this.dimensions);
      rows.forEach((row, index) => {
        for (let dimension = 0; dimension < this.dimensions; dimension++) {
          const value = row.vector[dimension] ?? 0;
          if (value === 0) continue;
          const at = next[dimension]!++;
          this.sparseRows![at] = index;
          this.sparseValues![at] = value;
        }
      });
    } else {
      this.matrix = new Float32Array(rows.length * this.dimensions);
      rows.forEach((row, index) => {
        for (let dimension = 0; dimension < this.dimensions; dimension++) this.matrix![dimension * rows.length + index] = row.vector[dimension] ?? 0;
      });
    }
    const postings = new Map<string, number[]>();
    rows.forEach((row, index) => {
      let norm = 0;
      for (const value of row.vector) norm += value * value;
      this.norms[index] = Math.sqrt(norm);
      const counts = new Map<string, number>();
      const tokens = (row.payload.textLemmatized ?? "").split(" ").filter(Boolean);
      for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
      this.lengths[index] = tokens.length;
      for (const [term, count] of counts) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = []));
        list.push(index, count);
      }
    });
    for (const [term, list] of postings) {
      this.postings.set(term, { rows: Uint32Array.from({ length: list.length / 2 }, (_, at) => list[2 * at]!), counts: Uint32Array.from({ length: list.length / 2 }, (_, at) => list[2 * at + 1]!) });
    }
    this.averageLength = rows.length ? this.lengths.reduce((sum, length) => sum + length, 0) / rows.length || 1 : 1;
    this.lengthTerms = Float64Array.from(this.lengths, (length) => K1 * (1 - B + (B * length) / this.averageLength));
  }

  get size(): number {
    return this.ids.length;
  }

  /** Cosine similarity of the query with every row, by row index. */
  cosine(query: number[]): Float32Array {
    const size = this.size;
    const dots = new Float32Array(size);
    let queryNorm = 0;
    for (const weight of query) queryNorm += weight * weight;
    for (let dimension = 0; dimension < Math.min(this.dimensions, query.length); dimension++) {
      const weight = query[dimension]!;
      if (weight === 0) continue;
      if (this.matrix) {
        const offset = dimension * size;
        for (let row = 0; row < size; row++) dots[row]! += weight * this.matrix[offset + row]!;
      } else {
        const rows = this.sparseRows!;
        const values = this.sparseValues!;
        for (let at = this.starts![dimension]!, end = this.starts![dimension + 1]!; at < end; at++) dots[rows[at]!]! += weight * values[at]!;
      }
    }
    queryNorm = Math.sqrt(queryNorm);
    for (let row = 0; row < size; row++) {
      const norm = this.norms[row]!;
      // A vector of another size (embedded by another model) is not comparable: it scores 0.
      dots[row] = norm === 0 || queryNorm === 0 || this.sizes[row] !== query.length ? 0 : dots[row]! / (norm * queryNorm);
    }
    return dots;
  }

  /** BM25 with the partition's own statistics; only candidates score (all when null). */
  bm25(queryTerms: string[], candidates: number[] | null): Map<number, number> {
    const { scores, touched } = this.bm25Scores(queryTerms, candidates);
    return new Map(touched.map((index) => [index, scores[index]!]));
  }

  /**
   * The same scores in an array by row, and the rows that scored in the order they first
   * did (a Map's order), so the best can be selected without sorting every match.
   */
  bm25Scores(queryTerms: string[], candidates: number[] | null): { scores: Float64Array; touched: number[] } {
    let allowed: Uint8Array | null = null;
    if (candidates) {
      allowed = new Uint8Array(this.size);
      for (const index of candidates) allowed[index] = 1;
    }
    const scores = new Float64Array(this.size);
    const touched: number[] = [];
    const total = this.size;
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const { rows, counts } = list;
      const idf = Math.log(1 + (total - rows.length + 0.5) / (rows.length + 0.5));
      for (let at = 0; at < rows.length; at++) {
        const index = rows[at]!;
        if (allowed && !allowed[index]) continue;
        const frequency = counts[at]!;
        const score = (idf * frequency * (K1 + 1)) / (frequency + this.lengthTerms[index]!);
        if (scores[index] === 0) touched.push(index);
        scores[index] = scores[index]! + score;
      }
    }
    return { scores, touched };
  }
}

/**
 * Indexes of the k highest scores (among allowed indexes, or all), best first; no per-row
 * allocation. Equal scores keep the order in which they are met, as a stable sort would.
 */
export function topIndexes(scores: Float32Array | Float64Array, k: number, allowed: number[] | null): number[] {
  const best: number[] = [];
  if (k <= 0) return best;
  // The k-th best score once k are held: most rows fall below it and cost one comparison.
  let floor = -Infinity;
  const count = allowed ? allowed.length : scores.length;
  for (let at = 0; at < count; at++) {
    const index = allowed ? allowed[at]! : at;
    const score = scores[index]!;
    if (best.length === k && score <= floor) continue;
    let position = best.length;
    while (position > 0 && scores[best[position - 1]!]! < score) position -= 1;
    best.splice(position, 0, index);
    if (best.length > k) best.pop();
    if (best.length === k) floor = scores[best[k - 1]!]!;
  }
  return best;
}
