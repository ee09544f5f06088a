import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { openTicket } from "@/lib/support/tickets";
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
