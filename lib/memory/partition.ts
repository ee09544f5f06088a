import { openingTermCount } from "./text";

// One scope's memories held for scoring: vectors held by dimension with their norms
// precomputed, and an inverted index of the lemmatised terms for BM25 (k1 1.2, b 0.75). A
// query touches only its own non-zero dimensions (a hashed query has a hundred or so of 1024)
// and the postings of its own terms. When most stored values are zero (the hashing embedder
// fills about a fifth of the dimensions), each dimension keeps only its non-zero rows: the
// same sums, since adding a zero product changes no float, at a fifth of the work and memory.
// A memory's opening (first sentence or line: a knowledge entry's title) says what it is
// about, so its terms count twice in BM25 (a two-field BM25F with the length left as is):
// +0.028 MRR@10 on paraphrased FAQ questions, docs/BENCHMARKS.md.

export interface PartitionRow {
  id: string;
  payload: Record<string, unknown> & { textLemmatized?: string; data?: string };
  vector: Float32Array;
}

const K1 = 1.2;
const B = 0.75;
/** What an occurrence in the opening adds to a term's count, beyond the occurrence itself. */
const OPENING_WEIGHT = 1;

interface StoredVectors {
  matrix: Float32Array | null;
  starts: Uint32Array | null;
  sparseRows: Uint32Array | null;
  sparseValues: Float32Array | null;
}

interface MergedFields {
  ids: string[];
  payloads: PartitionRow["payload"][];
  sizes: Uint32Array;
  dimensions: number;
  norms: Float32Array;
  lengths: Uint32Array;
  vectors: StoredVectors;
  postings: Map<string, { rows: Uint32Array; counts: Uint32Array }>;
}

/**
 * Vectors by dimension. `visitAll(visit)` must call visit(row, dimension, value) for every
 * non-zero value, in any order that meets each dimension's rows in ascending order; it is
 * called twice. When most values are zero only those are kept.
 */
function storeVectors(
  size: number,
  dimensions: number,
  visitAll: (visit: (row: number, dimension: number, value: number) => void) => void,
): StoredVectors {
  const counts = new Uint32Array(dimensions + 1);
  visitAll((_row, dimension) => (counts[dimension + 1]! += 1));
  const nonZero = counts.reduce((sum, count) => sum + count, 0);
  if (nonZero * 2 < size * dimensions) {
    const starts = new Uint32Array(dimensions + 1);
    for (let dimension = 0; dimension < dimensions; dimension++) starts[dimension + 1] = starts[dimension]! + counts[dimension + 1]!;
    const sparseRows = new Uint32Array(nonZero);
    const sparseValues = new Float32Array(nonZero);
    const next = starts.slice(0, dimensions);
    visitAll((row, dimension, value) => {
      const at = next[dimension]!++;
      sparseRows[at] = row;
      sparseValues[at] = value;
    });
    return { matrix: null, starts, sparseRows, sparseValues };
  }
  const matrix = new Float32Array(size * dimensions);
  visitAll((row, dimension, value) => (matrix[dimension * size + row] = value));
  return { matrix, starts: null, sparseRows: null, sparseValues: null };
}

function filterKept<T>(values: ArrayLike<T>, keep: Uint8Array, kept: number): T[] {
  const result = new Array<T>(kept);
  let at = 0;
  for (let row = 0; row < values.length; row++) if (keep[row]) result[at++] = values[row]!;
  return result;
}

export class Partition {
  readonly ids: string[];
  readonly payloads: PartitionRow["payload"][];
  private readonly dimensions: number;
  /** Dense: matrix[dimension * size + row]. */
  private readonly matrix: Float32Array | null;
  /** Sparse: dimension d's non-zero rows are sparseRows[starts[d]..starts[d + 1]], ascending. */
  private readonly starts: Uint32Array | null;
  private readonly sparseRows: Uint32Array | null;
  private readonly sparseValues: Float32Array | null;
  private readonly norms: Float32Array;
  private readonly sizes: Uint32Array;
  private readonly lengths: Uint32Array;
  private readonly averageLength: number;
  /** Per row: K1 * (1 - B + B * length / averageLength), BM25's length term. */
  private readonly lengthTerms: Float64Array;
  /** Per term: the rows holding it (ascending) and how often. */
  private readonly postings: Map<string, { rows: Uint32Array; counts: Uint32Array }> = new Map();

  constructor(rows: PartitionRow[], merged?: MergedFields) {
    if (merged) {
      // withChanges: every field computed already.
      this.ids = merged.ids;
      this.payloads = merged.payloads;
      this.sizes = merged.sizes;
      this.dimensions = merged.dimensions;
      this.norms = merged.norms;
      this.lengths = merged.lengths;
      ({ matrix: this.matrix, starts: this.starts, sparseRows: this.sparseRows, sparseValues: this.sparseValues } = merged.vectors);
      this.postings = merged.postings;
    } else {
      this.ids = rows.map((row) => row.id);
      this.payloads = rows.map((row) => row.payload);
      // Rows can differ in size while `npm run memory:reembed` runs; each row keeps its own.
      this.sizes = Uint32Array.from(rows, (row) => row.vector.length);
      this.dimensions = this.sizes.reduce((widest, size) => Math.max(widest, size), 0);
      this.norms = new Float32Array(rows.length);
      this.lengths = new Uint32Array(rows.length);
      ({
        matrix: this.matrix,
        starts: this.starts,
        sparseRows: this.sparseRows,
        sparseValues: this.sparseValues,
      } = storeVectors(rows.length, this.dimensions, (visit) =>
        rows.forEach((row, index) => {
          for (let dimension = 0; dimension < row.vector.length; dimension++)
            if (row.vector[dimension] !== 0) visit(index, dimension, row.vector[dimension]!);
        }),
      ));
      const postings = new Map<string, number[]>();
      rows.forEach((row, index) => {
        let norm = 0;
        for (const value of row.vector) norm += value * value;
        this.norms[index] = Math.sqrt(norm);
        const counts = new Map<string, number>();
        const tokens = (row.payload.textLemmatized ?? "").split(" ").filter(Boolean);
        const opening = typeof row.payload.data === "string" ? openingTermCount(row.payload.data) : 0;
        tokens.forEach((token, at) => counts.set(token, (counts.get(token) ?? 0) + 1 + (at < opening ? OPENING_WEIGHT : 0)));
        this.lengths[index] = tokens.length;
        for (const [term, count] of counts) {
          let list = postings.get(term);
          if (!list) postings.set(term, (list = []));
          list.push(index, count);
        }
      });
      for (const [term, list] of postings) {
        this.postings.set(term, {
          rows: Uint32Array.from({ length: list.length / 2 }, (_, at) => list[2 * at]!),
          counts: Uint32Array.from({ length: list.length / 2 }, (_, at) => list[2 * at + 1]!),
        });
      }
    }
    this.averageLength = this.size ? this.lengths.reduce((sum, length) => sum + length, 0) / this.size || 1 : 1;
    this.lengthTerms = Float64Array.from(this.lengths, (length) => K1 * (1 - B + (B * length) / this.averageLength));
  }

  /**
   * The partition that reading the scope again would give after some of its rows changed:
   * rows whose `keep` flag is 0 dropped, `added` appended (row order aside, which a read does
   * not fix either). A pass over the stored values instead of a read of every row.
   */
  withChanges(keep: Uint8Array, added: PartitionRow[]): Partition {
    const extra = new Partition(added);
    const remap = new Int32Array(this.size);
    let kept = 0;
    for (let row = 0; row < this.size; row++) remap[row] = keep[row] ? kept++ : -1;
    const keptRows = <T>(values: ArrayLike<T>) => filterKept(values, keep, kept);
    const dimensions = Math.max(this.dimensions, extra.dimensions);
    const vectors = storeVectors(kept + extra.size, dimensions, (visit) => {
      for (let dimension = 0; dimension < dimensions; dimension++) {
        this.visitColumn(dimension, (row, value) => remap[row]! >= 0 && visit(remap[row]!, dimension, value));
        extra.visitColumn(dimension, (row, value) => visit(kept + row, dimension, value));
      }
    });
    const postings = new Map<string, { rows: Uint32Array; counts: Uint32Array }>();
    for (const term of new Set([...this.postings.keys(), ...extra.postings.keys()])) {
      const rows: number[] = [];
      const counts: number[] = [];
      const before = this.postings.get(term);
      if (before) {
        before.rows.forEach((row, at) => {
          if (remap[row]! < 0) return;
          rows.push(remap[row]!);
          counts.push(before.counts[at]!);
        });
      }
      const after = extra.postings.get(term);
      if (after) after.rows.forEach((row, at) => (rows.push(kept + row), counts.push(after.counts[at]!)));
      if (rows.length) postings.set(term, { rows: Uint32Array.from(rows), counts: Uint32Array.from(counts) });
    }
    const join = <T extends Float32Array | Uint32Array>(joined: T, mine: T, theirs: T): T => {
      joined.set(keptRows(mine));
      joined.set(theirs, kept);
      return joined;
    };
    const size = kept + extra.size;
    return new Partition([], {
      ids: [...keptRows(this.ids), ...extra.ids],
      payloads: [...keptRows(this.payloads), ...extra.payloads],
      sizes: join(new Uint32Array(size), this.sizes, extra.sizes),
      dimensions,
      norms: join(new Float32Array(size), this.norms, extra.norms),
      lengths: join(new Uint32Array(size), this.lengths, extra.lengths),
      vectors,
      postings,
    });
  }

  /** Visits a dimension's non-zero values, rows ascending. */
  private visitColumn(dimension: number, visit: (row: number, value: number) => void): void {
    if (dimension >= this.dimensions) return;
    if (this.matrix) {
      const offset = dimension * this.size;
      for (let row = 0; row < this.size; row++) if (this.matrix[offset + row] !== 0) visit(row, this.matrix[offset + row]!);
      return;
    }
    for (let at = this.starts![dimension]!, end = this.starts![dimension + 1]!; at < end; at++)
      visit(this.sparseRows![at]!, this.sparseValues![at]!);
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
        for (let at = this.starts![dimension]!, end = this.starts![dimension + 1]!; at < end; at++)
          dots[rows[at]!]! += weight * values[at]!;
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
