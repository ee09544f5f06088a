import { describe, expect, it } from "vitest";
import { auditQueryParams, auditQuerySchema, dayRange } from "./query";

describe("auditQuerySchema", () => {
  it("treats empty fields as absent and takes the first of repeated parameters", () => {
    const query = auditQuerySchema.parse({ actor: "", action: ["ticket.updated", "x"], from: "", cursor: "40" });
    expect(query).toEqual({ action: "ticket.updated", cursor: 40 });
  });

  it("accepts a user id or an actor type, nothing else", () => {
    expect(auditQuerySchema.safeParse({ actor: "system" }).success).toBe(true);
    expect(auditQuerySchema.safeParse({ actor: "5b0c1e7a-3f1d-4d8e-9a4b-2c6f0e1d2a3b" }).success).toBe(true);
    const bad = auditQuerySchema.safeParse({ actor: "robert'); drop table" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["actor"]);
  });

  it("refuses impossible dates, a range that ends before it starts, and bad cursors", () => {
    expect(auditQuerySchema.safeParse({ from: "2026-02-30x" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ from: "2026-03-02", to: "2026-03-01" }).error?.issues[0]?.path).toEqual(["to"]);
    expect(auditQuerySchema.safeParse({ cursor: "-1" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ cursor: "abc" }).success).toBe(false);
  });
});

describe("dayRange and auditQueryParams", () => {
  it("includes the whole end day", () => {
    expect(dayRange({ from: "2026-03-01", to: "2026-03-01" })).toEqual({
      gte: new Date("2026-03-01T00:00:00.000Z"),
      lt: new Date("2026-03-02T00:00:00.000Z"),
    });
  });

  it("keeps filters and drops the cursor unless asked", () => {
    const query = auditQuerySchema.parse({ action: "user.created", cursor: "9" });
    expect(auditQueryParams(query).toString()).toBe("action=user.created");
    expect(auditQueryParams(query, { format: "csv" }).toString()).toBe("action=user.created&format=csv");
  });
});
