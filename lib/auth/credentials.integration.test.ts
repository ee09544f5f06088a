import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import { makeAgent, makeWorkspace } from "@/test/factories";
import { SignInRefusedError, verifyCredentials } from "./credentials";
import { liftLockout, listActiveLockouts } from "./lockouts";

// Each test signs in from addresses of its own, so the per-address counters never meet.
const from = () => ({ clientAddress: `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}` });

describe("verifyCredentials", () => {
  it("accepts the right password, whatever the case of the email", async () => {
    const workspace = await makeWorkspace("login");
    const user = await verifyCredentials({ email: workspace.admin.email.toUpperCase(), password: workspace.password }, from());
    expect(user).toMatchObject({ id: workspace.admin.userId, role: "ADMIN", workspaceId: workspace.workspaceId });
  });

  it("refuses a wrong password, an unknown email and malformed input alike", async () => {
    const workspace = await makeWorkspace("login");
    expect(await verifyCredentials({ email: workspace.admin.email, password: "wrong-password" }, from())).toBeNull();
    expect(await verifyCredentials({ email: "nobody@nowhere.example", password: workspace.password }, from())).toBeNull();
    expect(await verifyCredentials({ email: 42 }, from())).toBeNull();
    expect(await verifyCredentials({ email: `${"a".repeat(100_000)}@x.example`, password: "x" }, from())).toBeNull();
  });

  it("refuses a disabled account", async () => {
    const workspace = await makeWorkspace("login");
    const prisma = await getPrisma();
    await prisma.user.update({ where: { id: workspace.admin.userId }, data: { disabledAt: new Date() } });
    expect(await verifyCredentials({ email: workspace.admin.email, password: workspace.password }, from())).toBeNull();
  });
});

describe("sign-in throttling", () => {
  it("locks an account after 10 failures from any addresses, even for the right password, until an admin lifts it", async () => {
    const workspace = await makeWorkspace("lockout");
    const prisma = await getPrisma();
    const victim = await prisma.user.findUniqueOrThrow({ where: { id: workspace.admin.userId }, select: { email: true } });
    // Ten guesses spread over ten addresses: a botnet gets no more tries than one machine.
    for (let guess = 0; guess < 10; guess += 1)
      expect(await verifyCredentials({ email: victim.email, password: `guess-${guess}` }, from())).toBeNull();

    const refusal = verifyCredentials({ email: victim.email, password: workspace.password }, from());
    await expect(refusal).rejects.toThrow(SignInRefusedError);
    await expect(verifyCredentials({ email: victim.email, password: workspace.password }, from())).rejects.toThrow(
      /locked after 10 failed sign-ins\. Try again in 15 minutes/,
    );

    // Admins see the lockout and its audit entry; an agent may not list or lift it.
    const lockouts = await listActiveLockouts({ actor: workspace.admin });
    expect(lockouts).toEqual([expect.objectContaining({ userId: workspace.admin.userId, failures: 10 })]);
    const audit = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, action: "user.locked_out" },
      select: { targetId: true, summary: true },
    });
    expect(audit).toEqual([expect.objectContaining({ targetId: workspace.admin.userId })]);
    expect(JSON.stringify(audit)).not.toContain("guess-");
    const agent = await makeAgent(workspace);
    await expect(listActiveLockouts({ actor: agent })).rejects.toThrow(ForbiddenError);
    await expect(liftLockout({ actor: agent, lockoutId: lockouts[0]!.id })).rejects.toThrow(ForbiddenError);

    // Another workspace's admin cannot see or lift it either.
    const rival = await makeWorkspace("lockout-rival");
    expect(await listActiveLockouts({ actor: rival.admin })).toEqual([]);
    await expect(liftLockout({ actor: rival.admin, lockoutId: lockouts[0]!.id })).rejects.toThrow(/not found/);

    await liftLockout({ actor: workspace.admin, lockoutId: lockouts[0]!.id });
    expect(await listActiveLockouts({ actor: workspace.admin })).toEqual([]);
    expect(await verifyCredentials({ email: victim.email, password: workspace.password }, from())).toMatchObject({
      id: workspace.admin.userId,
    });
    expect(await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, action: "user.lockout_lifted" } })).toBe(1);
  });

  it("treats an unknown address the same way (no hint which accounts exist)", async () => {
    const email = `ghost-${randomUUID().slice(0, 8)}@nowhere.example`;
    for (let guess = 0; guess < 10; guess += 1) expect(await verifyCredentials({ email, password: `guess-${guess}` }, from())).toBeNull();
    await expect(verifyCredentials({ email, password: "anything" }, from())).rejects.toThrow(/locked after 10 failed sign-ins/);
  });

  it("limits failures per client address across accounts, without locking other addresses out", async () => {
    const workspace = await makeWorkspace("addr-limit");
    const attacker = from();
    // 30 failures over many accounts, three tries each: no account reaches its own limit.
    for (let guess = 0; guess < 30; guess += 1) {
      expect(
        await verifyCredentials(
          { email: `user${Math.floor(guess / 3)}-${randomUUID().slice(0, 4)}@spray.example`, password: "Winter2026!" },
          attacker,
        ),
      ).toBeNull();
    }
    await expect(verifyCredentials({ email: workspace.admin.email, password: workspace.password }, attacker)).rejects.toThrow(
      /Too many failed sign-ins from your network/,
    );
    // The real admin, elsewhere, is not affected.
    expect(await verifyCredentials({ email: workspace.admin.email, password: workspace.password }, from())).toMatchObject({
      id: workspace.admin.userId,
    });
  });

  it("forgets an account's earlier failures after a successful sign-in", async () => {
    const workspace = await makeWorkspace("reset");
    for (let guess = 0; guess < 9; guess += 1) await verifyCredentials({ email: workspace.admin.email, password: `typo-${guess}` }, from());
    expect(await verifyCredentials({ email: workspace.admin.email, password: workspace.password }, from())).not.toBeNull();
    for (let guess = 0; guess < 9; guess += 1) await verifyCredentials({ email: workspace.admin.email, password: `typo-${guess}` }, from());
    expect(await verifyCredentials({ email: workspace.admin.email, password: workspace.password }, from())).not.toBeNull();
  });
});
