import "server-only";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { authOptions } from "./options";

export type Role = "ADMIN" | "AGENT";

/** Who is acting: every lib function that reads or writes workspace data takes one. */
export interface Actor {
  userId: string;
  workspaceId: string;
  role: Role;
  name: string;
  email: string;
}

/**
 * The signed-in user, re-read from the database on every call: a disabled account or a
 * changed role takes effect at once, whatever the session cookie still says.
 */
export async function getActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, workspaceId: true, role: true, name: true, email: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return null;
  return { userId: user.id, workspaceId: user.workspaceId, role: user.role, name: user.name, email: user.email };
}

/** For server actions and route handlers: throws typed errors the caller turns into answers. */
export async function requireActor(options: { role?: Role } = {}): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new UnauthorizedError();
  if (options.role === "ADMIN" && actor.role !== "ADMIN") throw new ForbiddenError();
  return actor;
}

/** For pages: sends a visitor without a session to /login, hides admin pages from agents. */
export async function requirePageActor(options: { role?: Role } = {}): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  if (options.role === "ADMIN" && actor.role !== "ADMIN") notFound();
  return actor;
}
