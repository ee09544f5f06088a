import { describe, expect, it } from "vitest";
import { projectCost, type ProjectionInput, readProjectionInput } from "./cost-projection";

const base: ProjectionInput = {
  ticketsPerMonth: 1_000,
  months: 3,
  searchesPerTicket: 6,
  writesPerTicket: 4,
  embeddingTokensPerTicket: 500,
  llmInputTokensPerTicket: 2_000,
  llmOutputTokensPerTicket: 300,
  storageBytesPerTicket: 10_000,
  embeddingPricePerMTok: 0.02,
  llmInputPricePerMTok: 0.15,
  llmOutputPricePerMTok: 0.6,
  storagePricePerGbMonth: 0.25,
};

describe("projectCost", () => {
  it("multiplies the per-ticket figures by the volume and prices tokens per million", () => {
    const projection = projectCost(base);
    expect(projection.perMonth).toEqual({
      searches: 6_000,
      writes: 4_000,
      embeddingTokens: 500_000,
      llmInputTokens: 2_000_000,
      llmOutputTokens: 300_000,
      embeddingCost: 0.01,
      llmCost: 0.3 + 0.18,
    });
  });

  it("grows storage with every month's tickets and pays for what is held at each month's end", () => {
    const { months, total, perTicket, firstMonthPerTicket } = projectCost(base);
    // 1,000 tickets x 10 kB = 0.01 GB a month: 0.01, 0.02, 0.03 GB held.
    expect(months.map((month) => month.storageBytes)).toEqual([1e7, 2e7, 3e7]);
    for (const [index, cost] of [0.0025, 0.005, 0.0075].entries()) expect(months[index]!.storageCost).toBeCloseTo(cost, 10);
    expect(months[0]!.total).toBeCloseTo(0.01 + 0.48 + 0.0025, 10);
    expect(total).toBeCloseTo(3 * (0.01 + 0.48) + 0.0025 + 0.005 + 0.0075, 10);
    expect(perTicket).toBeCloseTo(total / 3_000, 12);
    expect(firstMonthPerTicket).toBeCloseTo((0.01 + 0.48 + 0.0025) / 1_000, 12);
  });

  it("costs nothing without tickets, and has no per-ticket figure then", () => {
    const projection = projectCost({ ...base, ticketsPerMonth: 0 });
    expect(projection.total).toBe(0);
    expect(projection.perTicket).toBeNull();
    expect(projection.firstMonthPerTicket).toBeNull();
  });

  it("is free with free models and storage, whatever the volume", () => {
    expect(
      projectCost({
        ...base,
        ticketsPerMonth: 5_000_000,
        embeddingPricePerMTok: 0,
        llmInputPricePerMTok: 0,
        llmOutputPricePerMTok: 0,
        storagePricePerGbMonth: 0,
      }).total,
    ).toBe(0);
  });
});

describe("readProjectionInput", () => {
  it("takes the figures given, keeps the defaults for the rest, and says which input is wrong", () => {
    const { input, errors } = readProjectionInput(
      { ticketsPerMonth: "25000", llmInputPricePerMTok: "2.5", months: "0", searchesPerTicket: "many", writesPerTicket: "" },
      base,
    );
    expect(input).toEqual({ ...base, ticketsPerMonth: 25_000, llmInputPricePerMTok: 2.5 });
    expect(Object.keys(errors).sort()).toEqual(["months", "searchesPerTicket"]);
    expect(errors.months).toBe("Enter a whole number from 1 to 60.");
  });

  it("refuses a fractional ticket volume", () => {
    expect(readProjectionInput({ ticketsPerMonth: "10.5" }, base).errors.ticketsPerMonth).toMatch(/whole number/);
  });
});
