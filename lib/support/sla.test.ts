import { describe, expect, it } from "vitest";
import { firstResponseSla } from "./sla";

const created = new Date("2026-11-24T09:00:00Z");
const at = (iso: string) => new Date(iso).getTime();

describe("firstResponseSla", () => {
  it("gives urgent tickets an hour and flags the last quarter, then overdue", () => {
    const ticket = { priority: "URGENT", status: "OPEN", createdAt: created, firstResponseAt: null };
    expect(firstResponseSla(ticket, at("2026-11-24T09:30:00Z"))).toMatchObject({ overdue: false, pressing: false });
    expect(firstResponseSla(ticket, at("2026-11-24T09:50:00Z"))).toMatchObject({ overdue: false, pressing: true });
    expect(firstResponseSla(ticket, at("2026-11-24T10:05:00Z"))).toMatchObject({ overdue: true, dueAt: new Date("2026-11-24T10:00:00Z") });
  });

  it("stops once someone has answered or the ticket waits on the customer", () => {
    expect(firstResponseSla({ priority: "NORMAL", status: "OPEN", createdAt: created, firstResponseAt: new Date() })).toBeNull();
    expect(firstResponseSla({ priority: "NORMAL", status: "PENDING", createdAt: created, firstResponseAt: null })).toBeNull();
  });
});
