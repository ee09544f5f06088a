import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { flushBackgroundWork } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { ConflictError, RateLimitedError, ValidationError } from "@/lib/errors";
import { makeSession, makeStaff, makeWorkspace } from "@/test/factories";
import { verifyCredentials } from "./credentials";
import { actorOfSession } from "./guard";
import { changeOwnPassword } from "./own-password";
import { passwordMessages } from "./password-policy";
import { findPasswordReset, INVALID_RESET, requestPasswordReset, RESET_TTL_MS, resetPassword } from "./password-reset";

// Sessions are JWTs next-auth reads from the cookie; what they carry (user id, session
// version, session row id) is handed to actorOfSession, getActor's own rule, as the cookie would.
const sessionOf = (userId: string) => makeSession({ userId });

async function readResetToken(workspaceId: string, email: string): Promise<string | null> {
  await flushBackgroundWork();
  const prisma = await getPrisma();
  const mail = await prisma.outboxMail.findFirst({
    where: { workspaceId, toAddress: email, kind: "password_reset" },
    orderBy: { createdAt: "desc" },
    select: { body: true },
  });
  return mail ? (/\/reset-password\/([A-Za-z0-9_-]{43})/.exec(mail.body)?.[1] ?? null) : null;
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (caught: unknown) => caught,
  );
}

describe("changing one's own password", () => {
  it("needs the current password, holds the new one to the policy, and ends every session of the user", async () => {
    const workspace = await makeWorkspace("own-pw");
    const agent = await makeStaff(workspace.admin, { name: "Mina Harker" });
    const laptop = await sessionOf(agent.userId);
    expect(await actorOfSession(laptop)).toMatchObject({ userId: agent.userId });

    const wrong = await errorOf(
      changeOwnPassword({ actor: agent, change: { currentPassword: "not-my-password", newPassword: "quiet-otter-lantern" } }),
    );
    expect((wrong as ValidationError).fieldErrors).toEqual({ currentPassword: ["This is not your current password."] });
    const weak = await errorOf(
      changeOwnPassword({ actor: agent, change: { currentPassword: agent.password, newPassword: "qwerty123456" } }),
    );
    expect((weak as ValidationError).fieldErrors).toEqual({ newPassword: [passwordMessages.common] });
    const personal = await errorOf(
      changeOwnPassword({ actor: agent, change: { currentPassword: agent.password, newPassword: "harker-was-here-99" } }),
    );
    expect((personal as ValidationError).fieldErrors).toEqual({ newPassword: [passwordMessages.personal] });
    // Nothing changed yet: the old password and the session still work.
    expect(await verifyCredentials({ email: agent.email, password: agent.password })).not.toBeNull();
    expect(await actorOfSession(laptop)).not.toBeNull();

    await changeOwnPassword({ actor: agent, change: { currentPassword: agent.password, newPassword: "quiet-otter-lantern" } });
    expect(await actorOfSession(laptop)).toBeNull();
    // A session from before versions existed counts as version 1: it ends too.
    expect(await actorOfSession({ id: agent.userId, sessionId: (await sessionOf(agent.userId)).sessionId })).toBeNull();
    expect(await verifyCredentials({ email: agent.email, password: agent.password })).toBeNull();
    const signedIn = await verifyCredentials({ email: agent.email, password: "quiet-otter-lantern" });
    expect(signedIn).toMatchObject({ id: agent.userId, sessionVersion: laptop.sessionVersion + 1 });
    expect(
      await actorOfSession({
        id: agent.userId,
        sessionVersion: signedIn!.sessionVersion,
        sessionId: (await sessionOf(agent.userId)).sessionId,
      }),
    ).toMatchObject({ userId: agent.userId });

    const prisma = await getPrisma();
    const entry = await prisma.auditLog.findFirstOrThrow({
      where: { workspaceId: workspace.workspaceId, action: "user.password_changed" },
    });
    expect(entry).toMatchObject({ actorUserId: agent.userId, targetId: agent.userId });
    expect(JSON.stringify(await prisma.auditLog.findMany({ where: { workspaceId: workspace.workspaceId } }))).not.toMatch(
      /quiet-otter-lantern|not-my-password/,
    );
  });

  it("stops guessing the current password through a session after 5 wrong tries", async () => {
    const workspace = await makeWorkspace("own-pw-guess");
    const agent = await makeStaff(workspace.admin);
    for (let guess = 0; guess < 5; guess += 1) {
      await expect(
        changeOwnPassword({ actor: agent, change: { currentPassword: `guess-${guess}`, newPassword: "quiet-otter-lantern" } }),
      ).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(
      changeOwnPassword({ actor: agent, change: { currentPassword: agent.password, newPassword: "quiet-otter-lantern" } }),
    ).rejects.toBeInstanceOf(RateLimitedError);
  });
});

describe("password reset", () => {
  it("answers the same for unknown and known addresses, mails a link only to the known one, and the link ends every session", async () => {
    const workspace = await makeWorkspace("reset");
    const agent = await makeStaff(workspace.admin, { name: "Lucy Westenra" });
    const phone = await sessionOf(agent.userId);
    const unknown = `nobody-${randomUUID().slice(0, 8)}@nowhere.example`;

    expect(await requestPasswordReset({ email: unknown })).toEqual({ email: unknown });
    expect(await requestPasswordReset({ email: ` ${agent.email.toUpperCase()} ` })).toEqual({ email: agent.email });
    await flushBackgroundWork();
    const prisma = await getPrisma();
    expect(await prisma.outboxMail.count({ where: { toAddress: unknown } })).toBe(0);
    const token = await readResetToken(workspace.workspaceId, agent.email);
    expect(token).toBeTruthy();
    expect(await findPasswordReset({ token: token! })).toEqual({ email: agent.email });

    const weak = await errorOf(resetPassword({ reset: { token: token!, password: "westenra-1897-diary" } }));
    expect((weak as ValidationError).fieldErrors).toEqual({ password: [passwordMessages.personal] });
    await resetPassword({ reset: { token: token!, password: "garlic-window-frost" } });
    expect(await actorOfSession(phone)).toBeNull();
    expect(await verifyCredentials({ email: agent.email, password: agent.password })).toBeNull();
    expect(await verifyCredentials({ email: agent.email, password: "garlic-window-frost" })).toMatchObject({ id: agent.userId });

    // Single use.
    const reuse = await errorOf(resetPassword({ reset: { token: token!, password: "another-fine-phrase" } }));
    expect(reuse).toBeInstanceOf(ConflictError);
    expect((reuse as Error).message).toBe(INVALID_RESET);
    expect(await findPasswordReset({ token: token! })).toBeNull();

    const actions = (
      await prisma.auditLog.findMany({
        where: { workspaceId: workspace.workspaceId, targetId: agent.userId },
        orderBy: { seq: "asc" },
        select: { action: true },
      })
    ).map((entry) => entry.action);
    expect(actions).toEqual(["user.created", "user.password_reset_requested", "user.password_reset"]);
    const stored = JSON.stringify(await prisma.auditLog.findMany({ where: { workspaceId: workspace.workspaceId } }));
    for (const secret of [token!, "garlic-window-frost", agent.email]) expect(stored).not.toContain(secret);
    expect(JSON.stringify(await prisma.passwordReset.findMany({ where: { userId: agent.userId } }))).not.toContain(token!);
  });

  it("expires after 30 minutes, and a password change kills links mailed before it", async () => {
    const workspace = await makeWorkspace("reset-expiry");
    const agent = await makeStaff(workspace.admin);
    const askedAt = new Date();
    await requestPasswordReset({ email: agent.email, now: askedAt });
    const token = (await readResetToken(workspace.workspaceId, agent.email))!;
    expect(await findPasswordReset({ token, now: new Date(askedAt.getTime() + RESET_TTL_MS - 1000) })).not.toBeNull();
    await expect(
      resetPassword({ reset: { token, password: "garlic-window-frost" }, now: new Date(askedAt.getTime() + RESET_TTL_MS + 1000) }),
    ).rejects.toThrow(INVALID_RESET);

    await changeOwnPassword({ actor: agent, change: { currentPassword: agent.password, newPassword: "quiet-otter-lantern" } });
    await expect(resetPassword({ reset: { token, password: "garlic-window-frost" } })).rejects.toThrow(INVALID_RESET);
    await expect(resetPassword({ reset: { token: "B".repeat(43), password: "garlic-window-frost" } })).rejects.toThrow(INVALID_RESET);
  });

  it("mails nothing for a disabled account, and limits requests per address, known or not", async () => {
    const workspace = await makeWorkspace("reset-limits");
    const agent = await makeStaff(workspace.admin);
    const prisma = await getPrisma();
    await prisma.user.update({ where: { id: agent.userId }, data: { disabledAt: new Date() } });
    await requestPasswordReset({ email: agent.email });
    expect(await readResetToken(workspace.workspaceId, agent.email)).toBeNull();

    const unknown = `nobody-${randomUUID().slice(0, 8)}@nowhere.example`;
    for (let ask = 0; ask < 3; ask += 1) await requestPasswordReset({ email: unknown });
    await expect(requestPasswordReset({ email: unknown })).rejects.toBeInstanceOf(RateLimitedError);
    await flushBackgroundWork();
  });
});
