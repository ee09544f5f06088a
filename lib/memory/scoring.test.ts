import { describe, expect, it } from "vitest";
import { bm25Scores } from "./bm25";
import { matchesFilter } from "./filters";
import { hashingEmbed } from "./hashing-embedder";
import { Partition, topIndexes } from "./partition";
import { stem } from "./stem";
import { contentTokens, openingOf, openingTermCount, tokenize } from "./text";

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

describe("tokenize", () => {
  it("keeps order numbers whole and drops stopwords from content tokens", () => {
    expect(tokenize("Order #W7678072 and LM-401234 aren't here")).toEqual(["order", "w7678072", "and", "lm-401234", "arent", "here"]);
    expect(contentTokens("Where is my refund for the router?")).toEqual(["refund", "router"]);
  });
});

describe("stemming", () => {
  it("gives Porter's stems and leaves ids and short words alone", () => {
    const cases = {
      caresses: "caress",
      ponies: "poni",
      hopping: "hop",
      relational: "relat",
      generalization: "gener",
      troubled: "troubl",
      happy: "happi",
      controll: "control",
    };
    for (const [word, expected] of Object.entries(cases)) expect(stem(word)).toBe(expected);
    expect(new Set(["refund", "refunds", "refunded", "refunding"].map(stem))).toEqual(new Set(["refund"]));
    expect(stem("w7678072")).toBe("w7678072");
    expect(stem("lm-401234")).toBe("lm-401234");
    expect(stem("is")).toBe("is");
  });
});

describe("a memory's opening", () => {
  it("is its first sentence, or its first line when that has no full stop", () => {
    expect(openingOf("How do I reset the router? Hold the button for ten seconds.")).toBe("How do I reset the router?");
    expect(openingOf("Question: Strikethrough with GitHub Markdown\nAnswer: Use ~~tildes~~.")).toBe(
      "Question: Strikethrough with GitHub Markdown",
    );
    expect(openingOf("See docs.example.com/reset first. Then call.")).toBe("See docs.example.com/reset first.");
  });

  it("counts the BM25 terms mem0 makes of it: stopwords dropped, long -ing words twice", () => {
    expect(openingTermCount("How do I reset the router? Hold the button.")).toBe(2);
    expect(openingTermCount("Printing stopped after the update. More text.")).toBe(4);
    expect(openingTermCount("")).toBe(0);
  });
});

describe("hashing embedder", () => {
  it("is unit length and deterministic", () => {
    const vector = hashingEmbed("Thermostat offline after router change");
    expect(vector).toHaveLength(1024);
    expect(cosine(vector, vector)).toBeCloseTo(1, 5);
    expect(hashingEmbed("Thermostat offline after router change")).toEqual(vector);
  });

  it("places related texts closer than unrelated ones, inflections included", () => {
    const query = hashingEmbed("my thermostat went offline");
    const related = hashingEmbed("Thermostat offline after a router change");
    const unrelated = hashingEmbed("Refund for a duplicate subscription charge");
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.2);
    expect(cosine(hashingEmbed("refunded"), hashingEmbed("refund"))).toBeGreaterThan(0.3);
  });

  it("gives inflections of a word the same vector", () => {
    expect(cosine(hashingEmbed("refunded orders"), hashingEmbed("refunding the order"))).toBeCloseTo(1, 5);
  });
});

describe("BM25", () => {
  it("ranks the document with the rare query term first", () => {
    const documents = [
      { id: "a", tokens: ["router", "reboot", "night"] },
      { id: "b", tokens: ["router", "firmware", "w7678072"] },
      { id: "c", tokens: ["doorbell", "chime"] },
    ];
    const scores = bm25Scores(["router", "w7678072"], documents);
    expect([...scores.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id)).toEqual(["b", "a"]);
    expect(scores.has("c")).toBe(false);
  });

  it("counts the terms of a memory's opening twice", () => {
    // Same terms, once each; only which sentence comes first differs. Without the opening's
    // weight the shorter memory would win both queries.
    const rows = [
      {
        id: "update",
        payload: {
          data: "Router firmware update. The thermostat app may lose its schedule.",
          textLemmatized: "router firmware update thermostat app may lose schedule",
        },
      },
      {
        id: "schedule",
        payload: {
          data: "Thermostat schedule lost. Happens after a router firmware update.",
          textLemmatized: "thermostat schedule lost happen router firmware update",
        },
      },
    ].map((row) => ({ ...row, vector: new Float32Array(4) }));
    const partition = new Partition(rows);
    const best = (terms: string[]) => partition.ids[topIndexes(partition.bm25Scores(terms, null).scores, 1, null)[0]!];
    expect(best(["router", "firmware"])).toBe("update");
    expect(best(["thermostat", "schedule"])).toBe("schedule");
  });

  it("agrees with the partition's inverted index", () => {
    const rows = ["router reboot night", "router firmware stuck", "doorbell chime silent router"].map((text, index) => ({
      id: String(index),
      payload: { textLemmatized: text },
      vector: Float32Array.from(hashingEmbed(text)),
    }));
    const partition = new Partition(rows);
    const viaIndex = partition.bm25(["router", "firmware"], null);
    const direct = bm25Scores(
      ["router", "firmware"],
      rows.map((row) => ({ id: row.id, tokens: row.payload.textLemmatized.split(" ") })),
    );
    for (const [index, score] of viaIndex) expect(score).toBeCloseTo(direct.get(String(index))!, 10);
    const cos = partition.cosine(hashingEmbed("router firmware stuck"));
    expect(cos[1]).toBeCloseTo(1, 5);
  });
});

describe("filters", () => {
  const payload = { type: "solution", priority: 3, product: "Lumio Router" };
  it("applies every operator of a range and every branch of AND", () => {
    expect(matchesFilter(payload, { priority: { gte: 2, lte: 4 } })).toBe(true);
    expect(matchesFilter(payload, { priority: { gte: 4, lte: 9 } })).toBe(false);
    expect(matchesFilter(payload, { AND: [{ priority: { gte: 2 } }, { priority: { lte: 2 } }] })).toBe(false);
    expect(matchesFilter(payload, { OR: [{ type: "policy" }, { product: { icontains: "router" } }] })).toBe(true);
    expect(matchesFilter(payload, { NOT: [{ type: "solution" }] })).toBe(false);
    expect(matchesFilter(payload, { type: { in: ["policy", "escalation"] } })).toBe(false);
  });
});

describe("topIndexes", () => {
  it("returns the k best in order, like a full sort, within the allowed rows", () => {
    const scores = Float32Array.from({ length: 500 }, (_, index) => Math.sin(index));
    const all = Array.from({ length: 500 }, (_, index) => index);
    const sorted = [...all].sort((a, b) => scores[b]! - scores[a]!);
    expect(topIndexes(scores, 7, null)).toEqual(sorted.slice(0, 7));
    const even = all.filter((index) => index % 2 === 0);
    expect(topIndexes(scores, 3, even)).toEqual(sorted.filter((index) => index % 2 === 0).slice(0, 3));
  });
});

describe("partition scoring", () => {
  // The order and arithmetic of the dense dimension-major loop the partition used first.
  const denseCosine = (vectors: Float32Array[], query: number[]) => {
    const dots = new Float32Array(vectors.length);
    let queryNorm = 0;
    query.forEach((weight, dimension) => {
      if (weight === 0) return;
      queryNorm += weight * weight;
      vectors.forEach((vector, row) => (dots[row] = dots[row]! + weight * vector[dimension]!));
    });
    queryNorm = Math.sqrt(queryNorm);
    return dots.map((dot, row) => {
      const norm = Math.sqrt(vectors[row]!.reduce((sum, value) => sum + value * value, 0));
      return norm === 0 || queryNorm === 0 ? 0 : dot / (Math.fround(norm) * queryNorm);
    });
  };

  it("gives bit-identical cosines whether it keeps sparse or dense columns", () => {
    const texts = ["router reboot night", "router firmware stuck", "doorbell chime silent router", "", "refund for a duplicate charge"];
    const sparse = texts.map((text) => Float32Array.from(hashingEmbed(text)));
    const dense = Array.from({ length: 5 }, (_, row) =>
      Float32Array.from({ length: 64 }, (_, dimension) => Math.sin(row * 64 + dimension + 1)),
    );
    for (const vectors of [sparse, dense]) {
      const partition = new Partition(vectors.map((vector, index) => ({ id: String(index), payload: {}, vector })));
      const query =
        vectors === sparse ? hashingEmbed("router firmware") : Array.from({ length: 64 }, (_, dimension) => Math.cos(dimension));
      expect(Array.from(partition.cosine(query))).toEqual(Array.from(denseCosine(vectors, query)));
    }
  });

  it("returns BM25 scores by row with the rows in the order they first matched", () => {
    const rows = ["firmware stuck", "router reboot", "router firmware router", "chime"].map((text, index) => ({
      id: String(index),
      payload: { textLemmatized: text },
      vector: new Float32Array(4),
    }));
    const partition = new Partition(rows);
    const { scores, touched } = partition.bm25Scores(["router", "firmware"], null);
    expect(touched).toEqual([1, 2, 0]);
    expect([...partition.bm25(["router", "firmware"], null).entries()]).toEqual(touched.map((index) => [index, scores[index]]));
    expect(partition.bm25Scores(["router", "firmware"], [0, 3]).touched).toEqual([0]);
  });

  it("keeps equal scores in the order met, like a stable sort", () => {
    const scores = Float64Array.from([1, 3, 3, 2, 3, 1]);
    const order = [5, 4, 3, 2, 1, 0];
    const stable = [...order].sort((a, b) => scores[b]! - scores[a]!);
    expect(topIndexes(scores, 4, order)).toEqual(stable.slice(0, 4));
    expect(topIndexes(scores, 0, null)).toEqual([]);
  });
});

describe("partition changes", () => {
  const texts = [
    "router reboot night",
    "router firmware stuck at forty percent",
    "doorbell chime silent",
    "refund a duplicate charge",
    "thermostat schedule an hour late",
    "mesh router drops wifi",
    "smart plug will not pair",
    "firmware update for the hub",
  ];
  const lemmas = (text: string) =>
    text
      .split(" ")
      .filter((word) => word.length > 2)
      .join(" ");
  const sparseRow = (text: string, id: string) => ({
    id,
    payload: { textLemmatized: lemmas(text), data: text },
    vector: Float32Array.from(hashingEmbed(text)),
  });
  const denseRow = (text: string, id: string) => ({
    id,
    payload: { textLemmatized: lemmas(text), data: text },
    vector: Float32Array.from({ length: 16 }, (_, dimension) => Math.sin(text.length * 31 + dimension)),
  });
  const byId = (partition: Partition, values: ArrayLike<number>) =>
    Object.fromEntries(partition.ids.map((id, index) => [id, values[index]]));

  it("gives the same cosines and BM25 scores per memory as building the changed rows afresh", () => {
    for (const makeRow of [sparseRow, denseRow]) {
      const rows = texts.map((text, index) => makeRow(text, `m${index}`));
      const before = new Partition(rows);
      // m1 removed, m4 changed, m8 added; m0 and m7 kept (first and last).
      const keep = Uint8Array.from(rows, (row) => (row.id === "m1" || row.id === "m4" ? 0 : 1));
      const added = [makeRow("thermostat schedule fixed by a firmware update", "m4"), makeRow("router firmware reset", "m8")];
      const changed = before.withChanges(keep, added);
      const afresh = new Partition([...rows.filter((row) => row.id !== "m1" && row.id !== "m4"), ...added]);
      expect([...changed.ids].sort()).toEqual([...afresh.ids].sort());
      for (const query of ["router firmware", "thermostat schedule", "refund"]) {
        const vector =
          makeRow === sparseRow ? hashingEmbed(query) : Array.from({ length: 16 }, (_, dimension) => Math.cos(query.length + dimension));
        expect(byId(changed, changed.cosine(vector))).toEqual(byId(afresh, afresh.cosine(vector)));
        const terms = lemmas(query).split(" ");
        expect(byId(changed, changed.bm25Scores(terms, null).scores)).toEqual(byId(afresh, afresh.bm25Scores(terms, null).scores));
      }
      expect(changed.payloads.find((payload) => payload.data === "router firmware stuck at forty percent")).toBeUndefined();
    }
  });

  it("can drop every row or start from none", () => {
    const rows = texts.slice(0, 3).map((text, index) => sparseRow(text, `m${index}`));
    expect(new Partition(rows).withChanges(new Uint8Array(3), []).size).toBe(0);
    const grown = new Partition([]).withChanges(new Uint8Array(0), rows);
    expect(byId(grown, grown.cosine(hashingEmbed("router")))).toEqual(
      byId(new Partition(rows), new Partition(rows).cosine(hashingEmbed("router"))),
    );
  });
});
