import { describe, expect, it } from "vitest";
import { auditCsvHeaderLine, auditCsvLine } from "./export-format";
import type { AuditRow } from "./list";

// Cell quoting and formula defusing are the shared writer's (lib/csv/write.test.ts); this
// checks the audit export's columns go through it.

const row: AuditRow = {
  id: "00000000-0000-4000-8000-000000000001",
  seq: 7,
  createdAt: new Date("2026-12-02T10:00:00Z"),
  actorType: "customer",
  actorUserId: null,
  actorName: '=HYPERLINK("http://x")',
  action: "ticket.created",
  targetType: "ticket",
  targetId: "00000000-0000-4000-8000-000000000002",
  summary: { from: "OPEN", to: "PENDING" },
  redacted: false,
  summaryDigest: null,
  prevHash: "aa",
  hash: "bb",
  keyed: true,
};

describe("audit CSV", () => {
  it("writes the header and one CRLF line per entry", () => {
    expect(auditCsvHeaderLine()).toBe(
      "seq,time,actor_type,actor_user_id,actor_name,action,target_type,target_id,summary,redacted,summary_digest,prev_hash,hash,keyed\r\n",
    );
    expect(auditCsvLine(row)).toBe(
      `7,2026-12-02T10:00:00.000Z,customer,,"'=HYPERLINK(""http://x"")",ticket.created,ticket,${row.targetId},"{""from"":""OPEN"",""to"":""PENDING""}",no,,aa,bb,yes\r\n`,
    );
  });

  it("defuses a summary that is a formula", () => {
    expect(auditCsvLine({ ...row, actorName: "Ada", summary: "@SUM(1)" })).toContain(',"\'@SUM(1)",');
  });
});
