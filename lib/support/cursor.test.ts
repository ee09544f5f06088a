import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

describe("ticket cursor", () => {
  it("round-trips the last row's position", () => {
    const cursor = { updatedAt: new Date("2026-11-20T10:11:12.345Z"), id: "5f0c2a9e-1b7d-4c1e-9a59-0d1f2e3a4b5c" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it("ignores tampered or foreign values instead of failing the page", () => {
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("yesterday|1; DROP TABLE tickets").toString("base64url"))).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
  });
});
