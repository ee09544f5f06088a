import { getServerSession } from "next-auth";
import { describe, expect, it, vi } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import { verifyCredentials } from "@/lib/auth/credentials";
import { type Actor, getActor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { makeAgent, makeSession, makeStaff, makeWorkspace } from "@/test/factories";
import { inviteStaff } from "./invitations";
import { changeUserRole, listUsers, setUserDisabled } from "./manage";

// The session cookie is next-auth's business; getActor's own rule (re-read the user) is what is tested.
vi.mock("next-auth", async (original) => ({ ...(await original<typeof import("next-auth")>()), getServerSession: vi.fn() }));

// Users join by invitation (./invitations.integration.test.ts tests it); makeStaff goes through it.
async function addUser(
  admin: Actor,
  role: "ADMIN" | "AGENT",
  name = role === "ADMIN" ? "Second Admin" : "New Agent",
): Promise<Actor & { password: string }> {
  return makeStaff(admin, { role, name });
}

describe("users", () => {
  it("lists the workspace's users, invited ones included, who can sign in", async () => {
    const workspace = await makeWorkspace("users");
    const agent = await addUser(workspace.admin, "AGENT");
    expect(await verifyCredentials({ email: agent.email, password: agent.password })).toMatchObject({
      id: agent.userId,
      role: "AGENT",
      workspaceId: workspace.workspaceId,
    });
    expect((await listUsers({ actor: workspace.admin })).map((user) => [user.email, user.role])).toEqual(
      expect.arrayContaining([
        [agent.email, "AGENT"],
        [workspace.admin.email, "ADMIN"],
      ]),
    );
  });

  it("disables a user, who is refused at once, and enables them again", async () => {
    const workspace = await makeWorkspace("disable");
    const agent = await addUser(workspace.admin, "AGENT");
    vi.mocked(getServerSession).mockResolvedValue({ user: await makeSession(agent), expires: "" });
    expect(await getActor()).toMatchObject({ userId: agent.userId });

    await setUserDisabled({ actor: workspace.admin, userId: agent.userId, disabled: true });
    expect(await getActor()).toBeNull();
    expect(await verifyCredentials({ email: agent.email, password: agent.password })).toBeNull();

    await setUserDisabled({ actor: workspace.admin, userId: agent.userId, disabled: false });
    // Disabling ended the session: enabling again does not bring it back, a new sign-in works.
    expect(await getActor()).toBeNull();
    vi.mocked(getServerSession).mockResolvedValue({ user: await makeSession(agent), expires: "" });
    expect(await getActor()).toMatchObject({ userId: agent.userId });
    const prisma = await getPrisma();
    const actions = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, targetId: agent.userId },
      orderBy: { seq: "asc" },
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual(["user.created", "user.disabled", "user.enabled"]);
    expect(await verifyAuditChain({ workspaceId: workspace.workspaceId })).toMatchObject({ ok: true });
  });

  it("changes a role, which takes effect at once, and audits from/to", async () => {
    const workspace = await makeWorkspace("role");
    const agent = await addUser(workspace.admin, "AGENT");
    await changeUserRole({ actor: workspace.admin, userId: agent.userId, role: "ADMIN" });
    vi.mocked(getServerSession).mockResolvedValue({ user: await makeSession(agent), expires: "" });
    expect(await getActor()).toMatchObject({ role: "ADMIN" });
    const prisma = await getPrisma();
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId, action: "user.role_changed" } });
    expect(entry.summary).toEqual({ from: "AGENT", to: "ADMIN" });
  });

  it("keeps an active admin: no disabling or demoting oneself, and admins demoting each other at once leaves one", async () => {
    const workspace = await makeWorkspace("last-admin");
    await expect(setUserDisabled({ actor: workspace.admin, userId: workspace.admin.userId, disabled: true })).rejects.toThrow(
      "You cannot disable your own account.",
    );
    await expect(changeUserRole({ actor: workspace.admin, userId: workspace.admin.userId, role: "AGENT" })).rejects.toThrow(
      "You cannot change your own role.",
    );

    const second = await addUser(workspace.admin, "ADMIN");
    const results = await Promise.allSettled([
      changeUserRole({ actor: workspace.admin, userId: second.userId, role: "AGENT" }),
      changeUserRole({ actor: second, userId: workspace.admin.userId, role: "AGENT" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ForbiddenError);
    const prisma = await getPrisma();
    expect(await prisma.user.count({ where: { workspaceId: workspace.workspaceId, role: "ADMIN", disabledAt: null } })).toBe(1);

    // The same race with disabling, between the admin left and a new one.
    const survivor = results[0].status === "fulfilled" ? workspace.admin : second;
    await addUser(survivor, "ADMIN", "Third Admin");
    const admins = await prisma.user.findMany({
      where: { workspaceId: workspace.workspaceId, role: "ADMIN", disabledAt: null },
      select: { id: true, name: true, email: true },
    });
    const [a, b] = admins.map((user) => ({
      userId: user.id,
      workspaceId: workspace.workspaceId,
      role: "ADMIN" as const,
      name: user.name,
      email: user.email,
    }));
    const disabling = await Promise.allSettled([
      setUserDisabled({ actor: a!, userId: b!.userId, disabled: true }),
      setUserDisabled({ actor: b!, userId: a!.userId, disabled: true }),
    ]);
    expect(disabling.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.user.count({ where: { workspaceId: workspace.workspaceId, role: "ADMIN", disabledAt: null } })).toBe(1);
  });

  it("hides another workspace's users (not found) and refuses agents (forbidden)", async () => {
    const a = await makeWorkspace("users-a");
    const b = await makeWorkspace("users-b");
    const agentOfA = await addUser(a.admin, "AGENT");
    await expect(setUserDisabled({ actor: b.admin, userId: agentOfA.userId, disabled: true })).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeUserRole({ actor: b.admin, userId: agentOfA.userId, role: "ADMIN" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setUserDisabled({ actor: b.admin, userId: "not-a-uuid", disabled: true })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listUsers({ actor: b.admin })).map((user) => user.id)).not.toContain(agentOfA.userId);

    const agent = await makeAgent(a);
    await expect(listUsers({ actor: agent })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(inviteStaff({ actor: agent, invitation: { email: "x@staff.example", role: "ADMIN" } })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(changeUserRole({ actor: agent, userId: agent.userId, role: "ADMIN" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setUserDisabled({ actor: agent, userId: a.admin.userId, disabled: true })).rejects.toBeInstanceOf(ForbiddenError);

    const prisma = await getPrisma();
    expect(await prisma.user.findUniqueOrThrow({ where: { id: agentOfA.userId } })).toMatchObject({ role: "AGENT", disabledAt: null });
    // An admin who was demoted a moment ago (stale actor) cannot act either.
    const former = await addUser(a.admin, "ADMIN", "Former Admin");
    await changeUserRole({ actor: a.admin, userId: former.userId, role: "AGENT" });
    await expect(setUserDisabled({ actor: former, userId: agentOfA.userId, disabled: true })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
