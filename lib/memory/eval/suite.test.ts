import { describe, expect, it } from "vitest";
import { floorFailures, Tally } from "./suite";

const figures = (mrr: number) => ({ cases: 100, "recall@1": mrr, "recall@5": mrr, "mrr@10": mrr });

describe("the retrieval floor CI checks", () => {
  it("passes when every suite is at least BM25 and the mean is 0.035 above BM25's", () => {
    expect(floorFailures({ a: figures(0.8), b: figures(0.99) }, { a: figures(0.72), b: figures(0.99) })).toEqual([]);
  });

  it("names a suite below BM25 even when the mean is well above", () => {
    const failures = floorFailures({ a: figures(0.9), b: figures(0.98) }, { a: figures(0.7), b: figures(0.99) });
    expect(failures).toEqual([expect.stringMatching(/^b: MRR@10 0\.98 is below BM25's 0\.99/)]);
  });

  it("fails a mean less than 0.035 above BM25's though every suite is above", () => {
    const failures = floorFailures({ a: figures(0.75), b: figures(0.95) }, { a: figures(0.72), b: figures(0.92) });
    expect(failures).toEqual([expect.stringMatching(/^mean MRR@10 0\.8500 is 0\.0300 above BM25's 0\.8200, less than 0\.035/)]);
  });
});

describe("Tally", () => {
  it("counts a hit at the first relevant key within the top 10", () => {
    const tally = new Tally();
    tally.add(["x", "a", "y"], ["a"]);
    tally.add(["a"], ["a", "b"]);
    tally.add(["x", "y", "z", "w", "v", "u", "t", "s", "r", "q", "a"], ["a"]);
    expect(tally.figures()).toEqual({ cases: 3, "recall@1": 0.3333, "recall@5": 0.6667, "mrr@10": 0.5 });
  });
});
