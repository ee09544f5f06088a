import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { makeAgent, makeWorkspace } from "@/test/factories";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";

const call = (key: string) => new Request("http://localhost/api/v1/tickets", { headers: { authorization: `Bearer ${key}` } });

describe("API keys", () => {
  it("creates a key that authenticates the REST API until it is revoked", async () => {
    const workspace = await makeWorkspace("keys");
    const created = await createApiKey({ actor: workspace.admin, apiKey: { name: "Helpdesk bridge" } });
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(await authenticateApiKey(call(created.key))).toEqual({ workspaceId: workspace.workspaceId, keyId: created.keyId });

    const [listed] = await listApiKeys({ actor: workspace.admin });
    expect(listed).toMatchObject({ id: created.keyId, name: "Helpdesk bridge", prefix: created.prefix, revokedAt: null });
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    // Only the hash is stored, and the audit log never sees the key.
    const prisma = await getPrisma();
    const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId } });
    expect(stored.keyHash).not.toContain(created.key);
    expect(JSON.stringify(await prisma.auditLog.findMany({ where: { workspaceId: workspace.workspaceId } }))).not.toContain(created.key);

    await revokeApiKey({ actor: workspace.admin, keyId: created.keyId });
    await expect(authenticateApiKey(call(created.key))).rejects.toBeInstanceOf(UnauthorizedError);
    expect((await listApiKeys({ actor: workspace.admin }))[0]!.revokedAt).toBeInstanceOf(Date);
    // Revoking twice changes nothing and writes no second entry.
    await revokeApiKey({ actor: workspace.admin, keyId: created.keyId });
    const actions = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, targetId: created.keyId },
      orderBy: { seq: "asc" },
      select: { action: true, summary: true },
    });
    expect(actions).toEqual([
      { action: "api_key.created", summary: { name: "Helpdesk bridge", prefix: created.prefix } },
      { action: "api_key.revoked", summary: { prefix: created.prefix } },
    ]);
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId })).toMatchObject({ ok: true });
  });

  it("needs a name", async () => {
    const workspace = await makeWorkspace("keys-name");
    const error = await createApiKey({ actor: workspace.admin, apiKey: { name: "  " } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors)).toEqual(["name"]);
  });

  it("hides another workspace's keys (not found) and refuses agents (forbidden)", async () => {
    const a = await makeWorkspace("keys-a");
    const b = await makeWorkspace("keys-b");
    const key = await createApiKey({ actor: a.admin, apiKey: { name: "A's key" } });
    await expect(revokeApiKey({ actor: b.admin, keyId: key.keyId })).rejects.toBeInstanceOf(NotFoundError);
    expect(await listApiKeys({ actor: b.admin })).toEqual([]);

    const agent = await makeAgent(a);
    await expect(listApiKeys({ actor: agent })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createApiKey({ actor: agent, apiKey: { name: "mine" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revokeApiKey({ actor: agent, keyId: key.keyId })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await authenticateApiKey(call(key.key))).toMatchObject({ workspaceId: a.workspaceId });
  });
});
