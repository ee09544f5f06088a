import fs from "node:fs";
import { z } from "zod";

// The retrieval-suite format of ../shared/data/retrieval/README.md.

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const owner = {
  scope: z.enum(["agent", "customer", "session"]),
  agent_id: z.string().optional(),
  customer_id: z.string().optional(),
  session_id: z.string().optional(),
};

export const suiteSchema = z.object({
  name: z.string(),
  memories: z.array(z.object({ key: z.string(), text: z.string(), metadata: z.record(z.string(), scalar).default({}), ...owner })),
  cases: z.array(z.object({ id: z.string(), query: z.string(), relevant: z.array(z.string()).min(1), ...owner })).default([]),
});
export type Suite = z.infer<typeof suiteSchema>;
export type SuiteOwner = Pick<Suite["cases"][number], "scope" | "agent_id" | "customer_id" | "session_id">;

export function readSuite(file: string): Suite {
  return suiteSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
}

/** The partition a memory or case belongs to: the README's scope rule. */
export function partitionOf(item: SuiteOwner): string {
  if (item.scope === "agent") return `agent|${item.agent_id}`;
  if (item.scope === "customer") return `customer|${item.customer_id}`;
  return `session|${item.customer_id}|${item.session_id}`;
}

export interface Figures {
  cases: number;
  "recall@1": number;
  "recall@5": number;
  "mrr@10": number;
}

export class Tally {
  private cases = 0;
  private at1 = 0;
  private at5 = 0;
  private reciprocal = 0;
  add(ranked: string[], relevant: string[]): void {
    const wanted = new Set(relevant);
    const rank = ranked.slice(0, 10).findIndex((key) => wanted.has(key));
    this.cases += 1;
    if (rank === 0) this.at1 += 1;
    if (rank >= 0 && rank < 5) this.at5 += 1;
    if (rank >= 0) this.reciprocal += 1 / (rank + 1);
  }
  figures(): Figures {
    const of = (value: number) => (this.cases ? Number((value / this.cases).toFixed(4)) : 0);
    return { cases: this.cases, "recall@1": of(this.at1), "recall@5": of(this.at5), "mrr@10": of(this.reciprocal) };
  }
}

// CI's floor (.ci/run runs `npm run eval -- --check` on the dev suites). The offline default
// measured 0.042 above BM25's mean MRR@10 there (docs/BENCHMARKS.md); 0.035 leaves 0.007 for
// changes elsewhere, less than either gain of the last ranking round. No per-suite margin:
// tau-retail's BM25 is at 0.990, 0.010 short of a perfect score.
export const MEAN_GAIN_FLOOR = 0.035;

/** Why a run's MRR@10 (overall, by suite) misses the floor; empty when it meets it. */
export function floorFailures(ours: Record<string, Figures>, bm25: Record<string, Figures>, meanGain = MEAN_GAIN_FLOOR): string[] {
  const names = Object.keys(ours);
  if (names.length === 0) return [];
  const failures: string[] = [];
  for (const name of names) {
    const base = bm25[name]?.["mrr@10"] ?? 0;
    if (ours[name]!["mrr@10"] < base) failures.push(`${name}: MRR@10 ${ours[name]!["mrr@10"]} is below BM25's ${base}`);
  }
  const mean = (figures: Record<string, Figures>) => names.reduce((sum, name) => sum + (figures[name]?.["mrr@10"] ?? 0), 0) / names.length;
  // Rounded like the figures themselves, so 0.035 above means what the table shows.
  const gain = Number((mean(ours) - mean(bm25)).toFixed(4));
  if (gain < meanGain)
    failures.push(
      `mean MRR@10 ${mean(ours).toFixed(4)} is ${gain.toFixed(4)} above BM25's ${mean(bm25).toFixed(4)}, less than ${meanGain}`,
    );
  return failures;
}
