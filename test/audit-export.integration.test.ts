import { getServerSession } from "next-auth";
import { describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/audit/export/route";
import { ChainVerifier, type StoredEntry } from "@/lib/audit/chain";
import { auditKey } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getPrisma } from "@/lib/db";
import { updateTicket } from "@/lib/support/tickets";
import { makeAgent, makeSession, makeTicket, makeWorkspace } from "@/test/factories";

// The route handler itself, as a browser's download would call it; only the session cookie is faked.
vi.mock("next-auth", async (original) => ({ ...(await original<typeof import("next-auth")>()), getServerSession: vi.fn() }));

// A signed-in session as next-auth's session callback passes it on (user id and session row).
const signIn = async (actor: Actor | null) =>
  vi.mocked(getServerSession).mockResolvedValue(actor && { user: await makeSession(actor), expires: "" });
const get = (query: string) => GET(new Request(`http://localhost/api/audit/export?${query}`));

describe("GET /api/audit/export", () => {
  it("exports the filtered entries of the caller's workspace as JSON that verifies offline, and as CSV", async () => {
    const workspace = await makeWorkspace("export");
    const other = await makeWorkspace("export-other");
    const ticket = await makeTicket(workspace, { subject: "Hub offline" });
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "HIGH" } });
    await makeTicket(other);
    await signIn(workspace.admin);

    const json = await get("format=json");
    expect(json.status).toBe(200);
    expect(json.headers.get("content-disposition")).toMatch(/attachment; filename="audit-log-.*\.json"/);
    const entries = (await json.json()) as Array<{
      seq: number;
      id: string;
      createdAt: string;
      actor: { type: string; userId: string | null };
      action: string;
      target: { type: string; id: string | null };
      summary: unknown;
      redacted: boolean;
      summaryDigest: string;
      prevHash: string | null;
      hash: string;
      keyed: boolean;
    }>;
    expect(entries.length).toBeGreaterThan(2);
    expect(entries.some((entry) => entry.action === "ticket.updated")).toBe(true);
    // The export and the audit key are enough to check the chain; without the key, keyed entries cannot be.
    expect(entries.every((entry) => entry.keyed)).toBe(true);
    const verifier = new ChainVerifier({ key: auditKey() });
    const keyless = new ChainVerifier();
    for (const entry of [...entries].reverse()) {
      const stored: StoredEntry = {
        ...entry,
        workspaceId: workspace.workspaceId,
        actorType: entry.actor.type,
        actorUserId: entry.actor.userId,
        targetType: entry.target.type,
        targetId: entry.target.id,
        redactedAt: entry.redacted ? entry.createdAt : null,
      };
      verifier.add(stored);
      keyless.add(stored);
    }
    expect(verifier.firstBreak()).toBeNull();
    expect(keyless.firstBreak()).toMatchObject({ seq: 1, reason: "is keyed: checking it needs the audit key" });

    const csv = await get("format=csv&action=ticket.updated");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "seq,time,actor_type,actor_user_id,actor_name,action,target_type,target_id,summary,redacted,summary_digest,prev_hash,hash,keyed",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(ticket.id);
  });

  it("exports the chain head, which a later verification checks", async () => {
    const workspace = await makeWorkspace("export-head");
    const ticket = await makeTicket(workspace);
    await signIn(workspace.admin);
    const response = await get("format=head");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="audit-chain-head-export-head-.*\.json"/);
    const head = (await response.json()) as { seq: number; hash: string; createdAt: string; keyed: boolean; workspaceId: string };
    const prisma = await getPrisma();
    const newest = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId }, orderBy: { seq: "desc" } });
    expect(head).toMatchObject({
      seq: newest.seq,
      hash: newest.hash,
      keyed: true,
      workspaceId: workspace.workspaceId,
      createdAt: newest.createdAt.toISOString(),
    });
    await updateTicket({ actor: workspace.admin, update: { ticketId: ticket.id, priority: "HIGH" } });
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId, head })).toMatchObject({ ok: true });
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId, head: { ...head, hash: "0".repeat(64) } })).toMatchObject({
      ok: false,
      brokenAt: { seq: head.seq, reason: "differs from the chain head recorded earlier" },
    });
    await signIn(await makeAgent(workspace));
    expect((await get("format=head")).status).toBe(403);
  });

  it("answers 401 without a session, 403 to an agent, 400 to a bad filter", async () => {
    const workspace = await makeWorkspace("export-guard");
    await signIn(null);
    expect((await get("format=csv")).status).toBe(401);
    await signIn(await makeAgent(workspace));
    expect((await get("format=csv")).status).toBe(403);
    await signIn(workspace.admin);
    const bad = await get("format=xml&from=yesterday");
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as { fields: object }).fields).sort()).toEqual(["format", "from"]);
  });
});
