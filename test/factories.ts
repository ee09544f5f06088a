import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/guard";
import { startUserSession } from "@/lib/auth/user-sessions";
import { getPrisma } from "@/lib/db";
import { openTicket } from "@/lib/support/tickets";
import { acceptInvitation, inviteStaff } from "@/lib/users/invitations";
import { createWorkspace } from "@/lib/workspaces/create";

// Builds data through the app's own functions, each test in a workspace of its own.

export interface TestWorkspace {
  workspaceId: string;
  admin: Actor;
  password: string;
}

export async function makeWorkspace(label = "ws"): Promise<TestWorkspace> {
  const suffix = randomUUID().slice(0, 8);
  const email = `admin-${suffix}@${label}.example`;
  const password = `pw-${suffix}-secret`;
  const { workspaceId, adminUserId } = await createWorkspace({
    slug: `${label}-${suffix}`,
    name: `Workspace ${label}`,
    admin: { email, name: `Admin ${label}`, password },
  });
  return { workspaceId, password, admin: { userId: adminUserId, workspaceId, role: "ADMIN", name: `Admin ${label}`, email } };
}

export async function makeAgent(workspace: TestWorkspace, name = "Agent"): Promise<Actor> {
  const prisma = await getPrisma();
  const email = `agent-${randomUUID().slice(0, 8)}@agents.example`;
  const user = await prisma.user.create({
    data: { workspaceId: workspace.workspaceId, email, name, role: "AGENT", passwordHash: "x" },
  });
  return { userId: user.id, workspaceId: workspace.workspaceId, role: "AGENT", name, email };
}

/** The token of the newest invitation mailed to the address, read from the outbox as the invitee would read the mail. */
export async function readInvitationToken(workspaceId: string, email: string): Promise<string> {
  const prisma = await getPrisma();
  const mail = await prisma.outboxMail.findFirstOrThrow({
    where: { workspaceId, toAddress: email, kind: "staff_invite" },
    orderBy: { createdAt: "desc" },
    select: { body: true },
  });
  const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail.body)?.[1];
  if (!token) throw new Error("no invitation link in the mail");
  return token;
}

/** A user who joined by invitation, with a password of their own: the only way staff join. */
export async function makeStaff(
  admin: Actor,
  options: { role?: "ADMIN" | "AGENT"; name?: string; password?: string } = {},
): Promise<Actor & { password: string }> {
  const role = options.role ?? "AGENT";
  const name = options.name ?? (role === "ADMIN" ? "Second Admin" : "New Agent");
  const password = options.password ?? `pw-${randomUUID().slice(0, 8)}-heron`;
  const email = `staff-${randomUUID().slice(0, 8)}@staff.example`;
  await inviteStaff({ actor: admin, invitation: { email, role } });
  const token = await readInvitationToken(admin.workspaceId, email);
  const { userId } = await acceptInvitation({ acceptance: { token, name, password } });
  return { userId, workspaceId: admin.workspaceId, role, name, email, password };
}

export async function makeTicket(workspace: TestWorkspace, overrides: { subject?: string; email?: string; body?: string } = {}) {
  return openTicket({
    workspaceId: workspace.workspaceId,
    ticket: {
      customer: { email: overrides.email ?? `c-${randomUUID().slice(0, 8)}@customers.example`, name: "Casey Customer" },
      subject: overrides.subject ?? "Router keeps dropping Wi-Fi",
      body: overrides.body ?? "Every evening the connection drops for a few minutes.",
      product: "Lumio Mesh Router",
    },
  });
}

/**
 * What a session cookie carries for the actor once signed in (a user_sessions row, its id as
 * the JWT's `sid`), as getActor's rule (actorOfSession) reads it.
 */
export async function makeSession(actor: Pick<Actor, "userId">, options: { userAgent?: string; clientAddress?: string } = {}) {
  const prisma = await getPrisma();
  const { sessionVersion } = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { sessionVersion: true } });
  const { sessionId } = await startUserSession({
    userId: actor.userId,
    userAgent: options.userAgent,
    clientAddress: options.clientAddress ?? "192.0.2.10",
  });
  return { id: actor.userId, sessionVersion, sessionId };
}
