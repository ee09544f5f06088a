import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/credentials";
import { passwordMessages } from "@/lib/auth/password-policy";
import { getPrisma } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { makeAgent, makeStaff, makeWorkspace, readInvitationToken } from "@/test/factories";
import {
  acceptInvitation,
  findInvitation,
  INVALID_INVITATION,
  INVITATION_TTL_MS,
  inviteStaff,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "./invitations";
import { changeUserRole, setUserDisabled } from "./manage";

const password = "velvet-heron-lamp-42";
const address = (label: string) => `${label}-${Math.random().toString(36).slice(2, 8)}@invited.example`;

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (caught: unknown) => caught,
  );
}

describe("staff invitations", () => {
  it("mails a link; the invitee sets their name and password and joins with the invited role, audited without token, password or address", async () => {
    const workspace = await makeWorkspace("invite");
    const email = address("new");
    const { invitationId, mailed } = await inviteStaff({
      actor: workspace.admin,
      invitation: { email: ` ${email.toUpperCase()} `, role: "ADMIN" },
    });
    expect(mailed).toBe(true);
    expect(await listInvitations({ actor: workspace.admin })).toEqual([
      expect.objectContaining({ id: invitationId, email, role: "ADMIN", invitedByName: workspace.admin.name, expired: false }),
    ]);

    const token = await readInvitationToken(workspace.workspaceId, email);
    expect(await findInvitation({ token })).toEqual({ email, role: "ADMIN", workspaceName: "Workspace invite" });
    const { userId } = await acceptInvitation({ acceptance: { token, name: "Grace Hopper", password } });
    expect(await verifyCredentials({ email, password })).toMatchObject({
      id: userId,
      role: "ADMIN",
      workspaceId: workspace.workspaceId,
      name: "Grace Hopper",
    });
    expect(await listInvitations({ actor: workspace.admin })).toEqual([]);

    const prisma = await getPrisma();
    const actions = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, action: { startsWith: "user." } },
      orderBy: { seq: "asc" },
      select: { action: true, actorUserId: true, targetId: true, summary: true },
    });
    expect(actions).toEqual([
      { action: "user.invited", actorUserId: workspace.admin.userId, targetId: invitationId, summary: { role: "ADMIN" } },
      {
        action: "user.created",
        actorUserId: userId,
        targetId: userId,
        summary: { role: "ADMIN", invitationId, invitedByUserId: workspace.admin.userId },
      },
    ]);
    const stored = JSON.stringify(await prisma.auditLog.findMany({ where: { workspaceId: workspace.workspaceId } }));
    for (const secret of [token, password, email]) expect(stored).not.toContain(secret);
    const row = await prisma.staffInvitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("works once: a second use, a revoked link, an expired link and a resent link's predecessor are refused alike", async () => {
    const workspace = await makeWorkspace("invite-once");
    const email = address("once");
    await inviteStaff({ actor: workspace.admin, invitation: { email, role: "AGENT" } });
    const token = await readInvitationToken(workspace.workspaceId, email);
    await acceptInvitation({ acceptance: { token, name: "First Person", password } });
    const reuse = await errorOf(acceptInvitation({ acceptance: { token, name: "Second Person", password } }));
    expect(reuse).toBeInstanceOf(ConflictError);
    expect((reuse as Error).message).toBe(INVALID_INVITATION);
    expect(await findInvitation({ token })).toBeNull();

    // Expiry: valid until 7 days after sending, not a moment longer.
    const later = address("later");
    const sentAt = new Date();
    await inviteStaff({ actor: workspace.admin, invitation: { email: later, role: "AGENT" }, now: sentAt });
    const laterToken = await readInvitationToken(workspace.workspaceId, later);
    expect(await findInvitation({ token: laterToken, now: new Date(sentAt.getTime() + INVITATION_TTL_MS - 1000) })).not.toBeNull();
    const expiredAt = new Date(sentAt.getTime() + INVITATION_TTL_MS + 1000);
    expect(await findInvitation({ token: laterToken, now: expiredAt })).toBeNull();
    await expect(acceptInvitation({ acceptance: { token: laterToken, name: "Late Comer", password }, now: expiredAt })).rejects.toThrow(
      INVALID_INVITATION,
    );
    expect((await listInvitations({ actor: workspace.admin, now: expiredAt })).find((item) => item.email === later)).toMatchObject({
      expired: true,
    });

    // Resend: a new link, the old one dies.
    const [pending] = await listInvitations({ actor: workspace.admin });
    await resendInvitation({ actor: workspace.admin, invitationId: pending!.id });
    const newToken = await readInvitationToken(workspace.workspaceId, later);
    expect(newToken).not.toBe(laterToken);
    await expect(acceptInvitation({ acceptance: { token: laterToken, name: "Late Comer", password } })).rejects.toThrow(INVALID_INVITATION);
    expect(await findInvitation({ token: newToken })).toMatchObject({ email: later });

    // Revoke: the live link stops working at once.
    await revokeInvitation({ actor: workspace.admin, invitationId: pending!.id });
    await expect(acceptInvitation({ acceptance: { token: newToken, name: "Late Comer", password } })).rejects.toThrow(INVALID_INVITATION);
    await expect(revokeInvitation({ actor: workspace.admin, invitationId: pending!.id })).rejects.toBeInstanceOf(NotFoundError);

    // A made-up token is refused the same way.
    await expect(acceptInvitation({ acceptance: { token: "A".repeat(43), name: "Guess", password } })).rejects.toThrow(INVALID_INVITATION);
    await expect(acceptInvitation({ acceptance: { token: "../../etc", name: "Guess", password } })).rejects.toThrow(INVALID_INVITATION);

    const prisma = await getPrisma();
    const actions = (await prisma.auditLog.findMany({ where: { workspaceId: workspace.workspaceId }, select: { action: true } })).map(
      (entry) => entry.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["user.invitation_resent", "user.invitation_revoked"]));
  });

  it("refuses an address that already has an account or a pending invitation, and says which field is wrong", async () => {
    const workspace = await makeWorkspace("invite-dup");
    const rival = await makeWorkspace("invite-dup-rival");
    const own = await errorOf(inviteStaff({ actor: workspace.admin, invitation: { email: workspace.admin.email, role: "AGENT" } }));
    expect((own as ValidationError).fieldErrors).toEqual({ email: ["This email already has an account."] });
    // Emails are the login, across workspaces.
    const other = await errorOf(inviteStaff({ actor: workspace.admin, invitation: { email: rival.admin.email, role: "AGENT" } }));
    expect((other as ValidationError).fieldErrors).toEqual({ email: ["This email already has an account."] });

    const email = address("dup");
    await inviteStaff({ actor: workspace.admin, invitation: { email, role: "AGENT" } });
    const again = await errorOf(inviteStaff({ actor: workspace.admin, invitation: { email, role: "ADMIN" } }));
    expect(Object.keys((again as ValidationError).fieldErrors)).toEqual(["email"]);

    const bad = await errorOf(inviteStaff({ actor: workspace.admin, invitation: { email: "nope", role: "OWNER" as never } }));
    expect(Object.keys((bad as ValidationError).fieldErrors).sort()).toEqual(["email", "role"]);

    // Invited by two workspaces: the first acceptance wins, the second is told to sign in.
    await inviteStaff({ actor: rival.admin, invitation: { email, role: "AGENT" } });
    await acceptInvitation({
      acceptance: { token: await readInvitationToken(workspace.workspaceId, email), name: "Double Invited", password },
    });
    await expect(
      acceptInvitation({ acceptance: { token: await readInvitationToken(rival.workspaceId, email), name: "Double Invited", password } }),
    ).rejects.toThrow(/exists already: sign in/);
  });

  it("holds the new password to the policy, against the invitee's own name and address too", async () => {
    const workspace = await makeWorkspace("invite-policy");
    const email = address("policy");
    await inviteStaff({ actor: workspace.admin, invitation: { email, role: "AGENT" } });
    const token = await readInvitationToken(workspace.workspaceId, email);
    const passwordErrors = async (name: string, candidate: string) =>
      ((await errorOf(acceptInvitation({ acceptance: { token, name, password: candidate } }))) as ValidationError).fieldErrors;
    expect(await passwordErrors("Ada Lovelace", "short")).toEqual({ password: [passwordMessages.short] });
    expect(await passwordErrors("Ada Lovelace", "Password2024!")).toEqual({ password: [passwordMessages.common] });
    expect(await passwordErrors("Ada Lovelace", "lovelace-engine-1843")).toEqual({ password: [passwordMessages.personal] });
    expect(await passwordErrors("", password)).toEqual({ name: ["Enter your name."] });
    // None of those used the link up.
    expect(await findInvitation({ token })).not.toBeNull();
  });

  it("is for admins of the workspace: agents are refused, other workspaces see nothing, a demoted inviter's links die", async () => {
    const workspace = await makeWorkspace("invite-roles");
    const rival = await makeWorkspace("invite-roles-rival");
    const agent = await makeAgent(workspace);
    await expect(inviteStaff({ actor: agent, invitation: { email: address("x"), role: "ADMIN" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listInvitations({ actor: agent })).rejects.toBeInstanceOf(ForbiddenError);

    const { invitationId } = await inviteStaff({ actor: workspace.admin, invitation: { email: address("y"), role: "AGENT" } });
    expect(await listInvitations({ actor: rival.admin })).toEqual([]);
    await expect(revokeInvitation({ actor: rival.admin, invitationId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(resendInvitation({ actor: rival.admin, invitationId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeInvitation({ actor: agent, invitationId })).rejects.toBeInstanceOf(ForbiddenError);

    const second = await makeStaff(workspace.admin, { role: "ADMIN" });
    const email = address("z");
    await inviteStaff({ actor: second, invitation: { email, role: "ADMIN" } });
    const token = await readInvitationToken(workspace.workspaceId, email);
    await changeUserRole({ actor: workspace.admin, userId: second.userId, role: "AGENT" });
    await expect(acceptInvitation({ acceptance: { token, name: "Via Demoted", password } })).rejects.toThrow(INVALID_INVITATION);
    await changeUserRole({ actor: workspace.admin, userId: second.userId, role: "ADMIN" });
    await setUserDisabled({ actor: workspace.admin, userId: second.userId, disabled: true });
    await expect(acceptInvitation({ acceptance: { token, name: "Via Disabled", password } })).rejects.toThrow(INVALID_INVITATION);
  });
});
