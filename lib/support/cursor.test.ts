import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

const row = {
  id: "5f0c2a9e-1b7d-4c1e-9a59-0d1f2e3a4b5c",
  updatedAt: new Date("2026-11-20T10:11:12.345Z"),
  createdAt: new Date("2026-11-19T08:00:00.001Z"),
  priority: "HIGH",
  slaDueAt: null,
};

describe("ticket cursor", () => {
  it("round-trips the last row's sort key for each sort", () => {
    expect(decodeCursor(encodeCursor("updated_desc", row), "updated_desc")).toEqual({
      sort: "updated_desc",
      values: [row.updatedAt],
      id: row.id,
    });
    expect(decodeCursor(encodeCursor("created_asc", row), "created_asc")?.values).toEqual([row.createdAt]);
    expect(decodeCursor(encodeCursor("priority", row), "priority")?.values).toEqual(["HIGH", row.updatedAt]);
    // A ticket with no first response due sorts after every due date.
    expect(decodeCursor(encodeCursor("sla", row), "sla")?.values).toEqual(["never", row.createdAt]);
    const due = new Date("2026-11-19T09:00:00.000Z");
    expect(decodeCursor(encodeCursor("sla", { ...row, slaDueAt: due }), "sla")?.values).toEqual([due, row.createdAt]);
  });

  it("ignores a cursor made for another sort", () => {
    expect(decodeCursor(encodeCursor("updated_desc", row), "created_desc")).toBeNull();
    expect(decodeCursor(encodeCursor("priority", row), "updated_desc")).toBeNull();
  });

  it("ignores tampered or foreign values instead of failing the page", () => {
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    expect(decodeCursor("not-a-cursor", "updated_desc")).toBeNull();
    expect(decodeCursor(Buffer.from("yesterday|1; DROP TABLE tickets").toString("base64url"), "updated_desc")).toBeNull();
    expect(decodeCursor(undefined, "updated_desc")).toBeNull();
    expect(decodeCursor(forge(["priority", "'; DROP TABLE tickets; --", row.updatedAt.toISOString(), row.id]), "priority")).toBeNull();
    expect(decodeCursor(forge(["updated_desc", "yesterday", row.id]), "updated_desc")).toBeNull();
    expect(decodeCursor(forge(["updated_desc", row.updatedAt.toISOString(), "1 OR 1=1"]), "updated_desc")).toBeNull();
    expect(decodeCursor(forge(["updated_desc", row.updatedAt.toISOString()]), "updated_desc")).toBeNull();
    expect(decodeCursor(forge({ sort: "updated_desc" }), "updated_desc")).toBeNull();
  });
});
