import "server-only";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";
import { authOptions } from "./options";
import { sessionIsCurrent } from "./session-version";
import { touchUserSession } from "./user-sessions";
import { policyRequiresTwoFactor, TWO_FACTOR_SETUP_PATH } from "./two-factor-policy";

export type Role = "ADMIN" | "AGENT";

/** Who is acting: every lib function that reads or writes workspace data takes one. */
export interface Actor {
  userId: string;
  workspaceId: string;
  role: Role;
  name: string;
  email: string;
  /** The session the request came with (its user_sessions row); absent for actors not from a session. */
  sessionId?: string;
  /** Read with the user on every request: the workspace requires a second factor they have not set up. */
  mustEnrolTwoFactor?: boolean;
}

/**
 * The signed-in user, re-read from the database on every call: a disabled account or a
 * changed role takes effect at once, whatever the session cookie still says.
 */
export async function getActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  return actorOfSession(session?.user as SessionUser | undefined);
}

/** What a session cookie says about its user (lib/auth/options.ts session callback). */
export interface SessionUser {
  id?: string;
  sessionVersion?: number;
  /** The JWT's `sid`: the user_sessions row getActor checks on every request. */
  sessionId?: string;
}

/**
 * getActor's rule, apart from reading the cookie: the user must exist, be enabled, and still
 * be on the session version the session was issued under (a password change or reset bumps it),
 * and the session's own row must exist and not be ended (lib/auth/user-sessions.ts). A JWT
 * without a session id, from before session rows existed, is refused.
 */
export async function actorOfSession(sessionUser: SessionUser | undefined): Promise<Actor | null> {
  const userId = sessionUser?.id;
  if (!userId) return null;
  const prisma = await getPrisma();
  const [user, sessionLive] = await Promise.all([
    prisma.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        workspaceId: true,
        role: true,
        name: true,
        email: true,
        disabledAt: true,
        sessionVersion: true,
        totpEnabledAt: true,
        workspace: { select: { twoFactorPolicy: true } },
      },
    }),
    touchUserSession({ sessionId: sessionUser.sessionId, userId }),
  ]);
  if (!user || !sessionLive || user.disabledAt || !sessionIsCurrent(sessionUser.sessionVersion, user.sessionVersion)) return null;
  // The same rule as mustEnrolTwoFactor, from the row already read: no second query per request.
  const mustEnrol = !user.totpEnabledAt && policyRequiresTwoFactor(user.workspace.twoFactorPolicy, user.role);
  return {
    userId: user.id,
    workspaceId: user.workspaceId,
    role: user.role,
    name: user.name,
    email: user.email,
    sessionId: sessionUser.sessionId,
    mustEnrolTwoFactor: mustEnrol,
  };
}

export interface GuardOptions {
  role?: Role;
  /**
   * Lets in a user whom the workspace requires to enrol a second factor and who has not yet:
   * only the two-factor setup page (and the console layout around it) and its actions.
   */
  beforeTwoFactorSetup?: boolean;
}

/** For server actions and route handlers: throws typed errors the caller turns into answers. */
export async function requireActor(options: GuardOptions = {}): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new UnauthorizedError();
  if (options.role === "ADMIN" && actor.role !== "ADMIN") throw new ForbiddenError();
  if (!options.beforeTwoFactorSetup && actor.mustEnrolTwoFactor) {
    throw new ForbiddenError("Your workspace requires two-factor sign-in: turn it on under Security (top right) first.");
  }
  return actor;
}

/** For pages: sends a visitor without a session to /login, hides admin pages from agents. */
export async function requirePageActor(options: GuardOptions = {}): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  if (!options.beforeTwoFactorSetup && actor.mustEnrolTwoFactor) redirect(TWO_FACTOR_SETUP_PATH);
  if (options.role === "ADMIN" && actor.role !== "ADMIN") notFound();
  return actor;
}
