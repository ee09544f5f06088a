import type { Account, User } from "next-auth";
import { describe, expect, it } from "vitest";
import { verifyCredentials } from "@/lib/auth/credentials";
import { type Actor, actorOfSession, type SessionUser } from "@/lib/auth/guard";
import { authOptions } from "@/lib/auth/options";
import { touchUserSession } from "@/lib/auth/user-sessions";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { makeSession, makeStaff, makeWorkspace } from "@/test/factories";
import { setUserDisabled } from "./manage";
import { endOtherSessions, endOwnSession, endUserSessions, listOwnSessions } from "./sessions";

// A session is a JWT next-auth keeps in a cookie; what the cookie carries (user id, session
// version, session row id) goes to actorOfSession, getActor's rule, as the cookie would.

const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

/** The actor a request with this session would get (getActor), or null if refused. */
const actorWith = (session: SessionUser) => actorOfSession(session);

async function signedInAs(actor: Actor, userAgent?: string) {
  const session = await makeSession(actor, { userAgent });
  const live = await actorWith(session);
  if (!live) throw new Error("a new session was refused");
  return { session, actor: live };
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (caught: unknown) => caught,
  );
}

describe("session rows", () => {
  it("are created at sign-in by the jwt callback and carried as sid; signing out ends the row", async () => {
    const workspace = await makeWorkspace("sess-signin");
    const agent = await makeStaff(workspace.admin);
    const user = await verifyCredentials({ email: agent.email, password: agent.password });
    const jwt = authOptions.callbacks!.jwt!;
    const token = await jwt({
      token: { sub: agent.userId },
      user: user as unknown as User,
      account: { provider: "credentials" } as Account,
    });
    expect(token.sid).toMatch(/^[0-9a-f-]{36}$/);

    const prisma = await getPrisma();
    const row = await prisma.userSession.findUniqueOrThrow({ where: { id: token.sid as string } });
    expect(row).toMatchObject({ userId: agent.userId, workspaceId: workspace.workspaceId, endedAt: null, clientAddress: "unknown" });
    // Later calls (every request reading the session) keep the same row.
    const again = await jwt({ token, user: undefined as unknown as User, account: null });
    expect(again.sid).toBe(token.sid);
    expect(await prisma.userSession.count({ where: { userId: agent.userId } })).toBe(1);

    const sessionUser = { id: agent.userId, sessionVersion: token.sessionVersion as number, sessionId: token.sid as string };
    expect(await actorWith(sessionUser)).toMatchObject({ userId: agent.userId, sessionId: token.sid });
    // A JWT from before session rows (no sid) is refused.
    expect(await actorWith({ id: agent.userId, sessionVersion: sessionUser.sessionVersion })).toBeNull();

    await authOptions.events!.signOut!({ token, session: undefined as never });
    expect(await actorWith(sessionUser)).toBeNull();
    expect((await prisma.userSession.findUniqueOrThrow({ where: { id: token.sid as string } })).endedAt).not.toBeNull();
  });

  it("are listed for their user: device in words, the current one marked and first, ended ones gone", async () => {
    const workspace = await makeWorkspace("sess-list");
    const agent = await makeStaff(workspace.admin);
    const laptop = await signedInAs(agent, CHROME_MAC);
    const other = await signedInAs(agent, FIREFOX_LINUX);
    await signedInAs(workspace.admin, CHROME_MAC);

    const rows = await listOwnSessions({ actor: laptop.actor });
    expect(rows.map((row) => [row.device, row.current, row.clientAddress])).toEqual([
      ["Chrome on macOS", true, "192.0.2.10"],
      ["Firefox on Linux", false, "192.0.2.10"],
    ]);
    await endOwnSession({ actor: laptop.actor, sessionId: other.session.sessionId, clientAddress: "198.51.100.7" });
    expect((await listOwnSessions({ actor: laptop.actor })).map((row) => row.id)).toEqual([laptop.session.sessionId]);
  });
});

describe("ending sessions", () => {
  it("ends one session of one's own: that JWT is refused on its next request, the other still works", async () => {
    const workspace = await makeWorkspace("sess-end-one");
    const agent = await makeStaff(workspace.admin);
    const laptop = await signedInAs(agent, CHROME_MAC);
    const phone = await signedInAs(agent, FIREFOX_LINUX);
    const admin = await signedInAs(workspace.admin);

    // Someone else's session is not found, even for an admin of the workspace.
    expect(
      await errorOf(endOwnSession({ actor: admin.actor, sessionId: phone.session.sessionId, clientAddress: "198.51.100.7" })),
    ).toBeInstanceOf(NotFoundError);
    expect(await actorWith(phone.session)).not.toBeNull();

    await endOwnSession({ actor: laptop.actor, sessionId: phone.session.sessionId, clientAddress: "198.51.100.7" });
    expect(await actorWith(phone.session)).toBeNull();
    expect(await actorWith(laptop.session)).toMatchObject({ userId: agent.userId });
    // Ending it again: nothing left to end.
    expect(
      await errorOf(endOwnSession({ actor: laptop.actor, sessionId: phone.session.sessionId, clientAddress: "198.51.100.7" })),
    ).toBeInstanceOf(NotFoundError);

    const prisma = await getPrisma();
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId, action: "session.ended" } });
    expect(entry).toMatchObject({
      actorUserId: agent.userId,
      targetType: "user_session",
      targetId: phone.session.sessionId,
      summary: { clientAddress: "198.51.100.7" },
    });
  });

  it("ends all other sessions and keeps the current one; refuses when the current one is unknown", async () => {
    const workspace = await makeWorkspace("sess-others");
    const agent = await makeStaff(workspace.admin);
    const laptop = await signedInAs(agent);
    const phone = await signedInAs(agent);
    const tablet = await signedInAs(agent);
    const admin = await signedInAs(workspace.admin);

    expect(await errorOf(endOtherSessions({ actor: agent, clientAddress: "198.51.100.7" }))).toBeInstanceOf(ValidationError);
    expect(await endOtherSessions({ actor: laptop.actor, clientAddress: "198.51.100.7" })).toEqual({ ended: 2 });
    expect(await actorWith(phone.session)).toBeNull();
    expect(await actorWith(tablet.session)).toBeNull();
    expect(await actorWith(laptop.session)).not.toBeNull();
    expect(await actorWith(admin.session)).not.toBeNull();

    const prisma = await getPrisma();
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId, action: "session.others_ended" } });
    expect(entry).toMatchObject({
      actorUserId: agent.userId,
      targetId: agent.userId,
      summary: { ended: 2, keptSessionId: laptop.session.sessionId, clientAddress: "198.51.100.7" },
    });
  });

  it("lets an admin end all of a user's sessions; an agent cannot, nor an admin of another workspace", async () => {
    const workspace = await makeWorkspace("sess-admin");
    const agent = await makeStaff(workspace.admin);
    const colleague = await makeStaff(workspace.admin);
    const laptop = await signedInAs(agent);
    const phone = await signedInAs(agent);
    const elsewhere = await makeWorkspace("sess-admin-other");

    expect(await errorOf(endUserSessions({ actor: colleague, userId: agent.userId, clientAddress: "198.51.100.7" }))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await errorOf(endUserSessions({ actor: elsewhere.admin, userId: agent.userId, clientAddress: "198.51.100.7" }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(await actorWith(laptop.session)).not.toBeNull();

    expect(await endUserSessions({ actor: workspace.admin, userId: agent.userId, clientAddress: "198.51.100.7" })).toEqual({ ended: 2 });
    expect(await actorWith(laptop.session)).toBeNull();
    expect(await actorWith(phone.session)).toBeNull();
    // A new sign-in works: ending sessions is not disabling.
    expect(await actorWith(await makeSession(agent))).toMatchObject({ userId: agent.userId });

    const prisma = await getPrisma();
    const entries = await prisma.auditLog.findMany({ where: { action: "user.sessions_ended", targetId: agent.userId } });
    expect(entries).toEqual([
      expect.objectContaining({
        workspaceId: workspace.workspaceId,
        actorUserId: workspace.admin.userId,
        summary: { ended: 2, clientAddress: "198.51.100.7" },
      }),
    ]);
  });

  it("ends every session of a user who is disabled", async () => {
    const workspace = await makeWorkspace("sess-disable");
    const agent = await makeStaff(workspace.admin);
    const laptop = await signedInAs(agent);
    const phone = await signedInAs(agent);
    await setUserDisabled({ actor: workspace.admin, userId: agent.userId, disabled: true });
    await setUserDisabled({ actor: workspace.admin, userId: agent.userId, disabled: false });
    // Enabled again, the old sessions stay ended.
    expect(await actorWith(laptop.session)).toBeNull();
    expect(await actorWith(phone.session)).toBeNull();

    const prisma = await getPrisma();
    expect(await prisma.userSession.count({ where: { userId: agent.userId, endedAt: null } })).toBe(0);
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { workspaceId: workspace.workspaceId, action: "user.disabled" } });
    expect(entry.summary).toEqual({ sessionsEnded: 2 });
  });
});

describe("last seen", () => {
  it("moves forward at most once a minute per session", async () => {
    const workspace = await makeWorkspace("sess-seen");
    const agent = await makeStaff(workspace.admin);
    const { session } = await signedInAs(agent);
    const prisma = await getPrisma();
    const lastSeen = async () =>
      (await prisma.userSession.findUniqueOrThrow({ where: { id: session.sessionId }, select: { lastSeenAt: true } })).lastSeenAt.getTime();
    const setLastSeen = (msAgo: number) =>
      prisma.userSession.update({ where: { id: session.sessionId }, data: { lastSeenAt: new Date(Date.now() - msAgo) } });

    // 30 seconds ago: requests now leave it alone.
    await setLastSeen(30_000);
    const recent = await lastSeen();
    expect(await actorWith(session)).not.toBeNull();
    expect(await lastSeen()).toBe(recent);
    // Even when this process thinks a minute has passed, the database's clock decides.
    expect(await touchUserSession({ sessionId: session.sessionId, userId: agent.userId, now: new Date(Date.now() + 60_000) })).toBe(true);
    expect(await lastSeen()).toBe(recent);

    // Two minutes ago: the next request moves it to now, once.
    await setLastSeen(120_000);
    const before = Date.now();
    expect(await actorWith(session)).not.toBeNull();
    const moved = await lastSeen();
    expect(moved).toBeGreaterThan(before - 5_000);
    expect(await actorWith(session)).not.toBeNull();
    expect(await lastSeen()).toBe(moved);
  });
});
