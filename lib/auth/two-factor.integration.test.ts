import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptText, keyring } from "@/lib/crypto/pii";
import { reencryptPersonalData } from "@/lib/crypto/reencrypt";
import { getPrisma } from "@/lib/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { makeAgent, makeWorkspace } from "@/test/factories";
import type { Actor } from "./guard";
import { hashPassword } from "./password";
import { SignInRefusedError, verifyCredentials } from "./credentials";
import { SECOND_FACTOR_REQUIRED } from "./sign-in-answers";
import { totpCodeAt } from "./totp";
import {
  beginTwoFactorSetup,
  confirmTwoFactorSetup,
  disableTwoFactor,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
  resetTwoFactor,
} from "./two-factor";
import { mustEnrolTwoFactor, setTwoFactorPolicy } from "./two-factor-policy";

// Each sign-in comes from an address of its own, so per-address counters never meet.
const from = () => ({ clientAddress: `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}` });
const STEP = 30_000;

/** Turns 2FA on for a user at `now`; returns the secret and the recovery codes. */
async function enrol(actor: Actor, now: Date) {
  const { secret } = await beginTwoFactorSetup({ actor });
  const { recoveryCodes } = await confirmTwoFactorSetup({ actor, code: totpCodeAt({ secret, now }), now });
  return { secret, recoveryCodes };
}

async function auditOf(workspaceId: string) {
  const prisma = await getPrisma();
  return prisma.auditLog.findMany({
    where: { workspaceId },
    orderBy: { seq: "asc" },
    select: { action: true, targetId: true, actorUserId: true, summary: true },
  });
}

describe("enrolling a second factor", () => {
  it("turns on only after a right code, keeps the secret encrypted and the recovery codes hashed", async () => {
    const workspace = await makeWorkspace("tfa-enrol");
    const actor = workspace.admin;
    const now = new Date();
    const setup = await beginTwoFactorSetup({ actor });
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.uri).toContain(`secret=${setup.secret}`);
    expect(setup.qrSvg).toMatch(/^<svg/);

    // A code of another secret, and one from two steps ago, are refused; nothing is turned on.
    const wrong = confirmTwoFactorSetup({ actor, code: totpCodeAt({ secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", now }), now });
    await expect(wrong).rejects.toThrow(ValidationError);
    await expect(
      confirmTwoFactorSetup({ actor, code: totpCodeAt({ secret: setup.secret, now: new Date(now.getTime() - 2 * STEP) }), now }),
    ).rejects.toThrow(/does not match/);
    expect(await getTwoFactorStatus({ actor })).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect(await verifyCredentials({ email: actor.email, password: workspace.password }, from())).toMatchObject({ id: actor.userId });

    const { recoveryCodes } = await confirmTwoFactorSetup({ actor, code: totpCodeAt({ secret: setup.secret, now }), now });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await getTwoFactorStatus({ actor })).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
    await expect(beginTwoFactorSetup({ actor })).rejects.toThrow(ConflictError);

    const prisma = await getPrisma();
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpSecret: true } });
    expect(stored.totpSecret).toMatch(/^enc:v1:/);
    expect(stored.totpSecret).not.toContain(setup.secret);
    const hashes = await prisma.recoveryCode.findMany({ where: { userId: actor.userId }, select: { codeHash: true } });
    expect(hashes).toHaveLength(10);
    const everything = JSON.stringify([hashes, await auditOf(workspace.workspaceId)]);
    for (const code of recoveryCodes) expect(everything).not.toContain(code.replace("-", ""));
    expect(everything).not.toContain(setup.secret);
    expect((await auditOf(workspace.workspaceId)).map((entry) => entry.action)).toContain("user.two_factor_enabled");
  });
});

describe("signing in with a second factor", () => {
  it("asks for the code only after the right password, and accepts each code once", async () => {
    const workspace = await makeWorkspace("tfa-signin");
    const actor = workspace.admin;
    const now = new Date();
    const { secret } = await enrol(actor, now);
    const credentials = { email: actor.email, password: workspace.password };

    // A wrong password says nothing about the second factor.
    expect(await verifyCredentials({ ...credentials, password: "wrong-password" }, from())).toBeNull();
    expect(await verifyCredentials({ ...credentials, password: "wrong-password", code: "123456" }, from())).toBeNull();
    await expect(verifyCredentials(credentials, from())).rejects.toThrow(SECOND_FACTOR_REQUIRED);
    await expect(verifyCredentials({ ...credentials, code: "  " }, from())).rejects.toThrow(SECOND_FACTOR_REQUIRED);

    // The enrolment used this step's code: it does not work again, the next step's does, once.
    const later = new Date(now.getTime() + STEP);
    await expect(verifyCredentials({ ...credentials, code: totpCodeAt({ secret, now }) }, { ...from(), now: later })).rejects.toThrow(
      /wrong or was already used/,
    );
    const code = totpCodeAt({ secret, now: later });
    expect(await verifyCredentials({ ...credentials, code }, { ...from(), now: later })).toMatchObject({ id: actor.userId, role: "ADMIN" });
    await expect(verifyCredentials({ ...credentials, code }, { ...from(), now: later })).rejects.toThrow(SignInRefusedError);
  });

  it("counts wrong codes towards the account's lockout, right password or not", async () => {
    const workspace = await makeWorkspace("tfa-lockout");
    const actor = workspace.admin;
    const now = new Date();
    const { secret } = await enrol(actor, now);
    for (let guess = 0; guess < 10; guess += 1) {
      await expect(
        verifyCredentials({ email: actor.email, password: workspace.password, code: String(100000 + guess) }, { ...from(), now }),
      ).rejects.toThrow(/wrong or was already used/);
    }
    const later = new Date(now.getTime() + STEP);
    const right = { email: actor.email, password: workspace.password, code: totpCodeAt({ secret, now: later }) };
    await expect(verifyCredentials(right, { ...from(), now: later })).rejects.toThrow(/locked after 10 failed sign-ins/);
    const audit = await auditOf(workspace.workspaceId);
    expect(audit.map((entry) => entry.action)).toContain("user.locked_out");
    expect(JSON.stringify(audit)).not.toContain("100000");
  });

  it("takes a recovery code in place of a TOTP code, once", async () => {
    const workspace = await makeWorkspace("tfa-recovery");
    const actor = workspace.admin;
    const { recoveryCodes } = await enrol(actor, new Date());
    const credentials = { email: actor.email, password: workspace.password };
    // Typed in capitals and without the dash, as people do from paper.
    const typed = recoveryCodes[3]!.toUpperCase().replace("-", "");
    expect(await verifyCredentials({ ...credentials, code: typed }, from())).toMatchObject({ id: actor.userId });
    await expect(verifyCredentials({ ...credentials, code: recoveryCodes[3] }, from())).rejects.toThrow(/wrong or was already used/);
    expect(await verifyCredentials({ ...credentials, code: recoveryCodes[4] }, from())).toMatchObject({ id: actor.userId });
    expect(await getTwoFactorStatus({ actor })).toMatchObject({ recoveryCodesLeft: 8 });

    const used = (await auditOf(workspace.workspaceId)).filter((entry) => entry.action === "user.recovery_code_used");
    expect(used).toEqual([
      expect.objectContaining({ targetId: actor.userId, summary: { remaining: 9 } }),
      expect.objectContaining({ summary: { remaining: 8 } }),
    ]);
  });
});

describe("managing a second factor", () => {
  it("turns off and makes new recovery codes only with a code; wrong codes count towards the lockout", async () => {
    const workspace = await makeWorkspace("tfa-manage");
    const actor = workspace.admin;
    const now = new Date();
    const { secret, recoveryCodes } = await enrol(actor, now);
    const later = new Date(now.getTime() + STEP);

    await expect(regenerateRecoveryCodes({ actor, code: "000000", clientAddress: from().clientAddress, now: later })).rejects.toThrow(
      ValidationError,
    );
    const fresh = await regenerateRecoveryCodes({
      actor,
      code: totpCodeAt({ secret, now: later }),
      clientAddress: from().clientAddress,
      now: later,
    });
    expect(fresh.recoveryCodes).toHaveLength(10);
    // The old codes are gone.
    await expect(verifyCredentials({ email: actor.email, password: workspace.password, code: recoveryCodes[0] }, from())).rejects.toThrow(
      /wrong/,
    );

    for (let guess = 0; guess < 8; guess += 1) {
      await expect(
        disableTwoFactor({ actor, code: String(200000 + guess), clientAddress: from().clientAddress, now: later }),
      ).rejects.toThrow(ValidationError);
    }
    // Ten failures in all (one at sign-in, one above, eight here): now locked, even with a right code.
    await expect(
      disableTwoFactor({ actor, code: fresh.recoveryCodes[0]!, clientAddress: from().clientAddress, now: later }),
    ).rejects.toThrow(/locked/);
    expect(await getTwoFactorStatus({ actor })).toMatchObject({ enabled: true });
  });

  it("turns off with a recovery code, after which the password alone signs in", async () => {
    const workspace = await makeWorkspace("tfa-off");
    const actor = workspace.admin;
    const { recoveryCodes } = await enrol(actor, new Date());
    await disableTwoFactor({ actor, code: recoveryCodes[0]!, clientAddress: from().clientAddress });
    expect(await getTwoFactorStatus({ actor })).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect(await verifyCredentials({ email: actor.email, password: workspace.password }, from())).toMatchObject({ id: actor.userId });
    const actions = (await auditOf(workspace.workspaceId)).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["user.recovery_code_used", "user.two_factor_disabled"]));
  });

  it("lets an admin reset another user's second factor in their workspace only, audited", async () => {
    const workspace = await makeWorkspace("tfa-reset");
    const prisma = await getPrisma();
    const agent = await makeAgent(workspace);
    const password = "agent-password-123";
    await prisma.user.update({ where: { id: agent.userId }, data: { passwordHash: await hashPassword(password) } });
    await enrol(agent, new Date());
    await enrol(workspace.admin, new Date());
    await expect(verifyCredentials({ email: agent.email, password }, from())).rejects.toThrow(SECOND_FACTOR_REQUIRED);

    await expect(resetTwoFactor({ actor: agent, userId: workspace.admin.userId })).rejects.toThrow(ForbiddenError);
    await expect(resetTwoFactor({ actor: workspace.admin, userId: workspace.admin.userId })).rejects.toThrow(/your own/);
    const rival = await makeWorkspace("tfa-reset-rival");
    await expect(resetTwoFactor({ actor: rival.admin, userId: agent.userId })).rejects.toThrow(/not found/);

    await resetTwoFactor({ actor: workspace.admin, userId: agent.userId });
    expect(await verifyCredentials({ email: agent.email, password }, from())).toMatchObject({ id: agent.userId });
    expect(await prisma.recoveryCode.count({ where: { userId: agent.userId } })).toBe(0);
    const reset = (await auditOf(workspace.workspaceId)).filter((entry) => entry.action === "user.two_factor_reset");
    expect(reset).toEqual([expect.objectContaining({ actorUserId: workspace.admin.userId, targetId: agent.userId })]);
  });
});

describe("the workspace's two-factor policy", () => {
  it("requires enrolment of admins or everyone, set by admins only and audited", async () => {
    const workspace = await makeWorkspace("tfa-policy");
    const agent = await makeAgent(workspace);
    const admin = workspace.admin;
    expect(await mustEnrolTwoFactor(admin)).toBe(false);

    await expect(setTwoFactorPolicy({ actor: agent, policy: "EVERYONE" })).rejects.toThrow(ForbiddenError);
    await setTwoFactorPolicy({ actor: admin, policy: "ADMINS" });
    expect(await mustEnrolTwoFactor(admin)).toBe(true);
    expect(await mustEnrolTwoFactor(agent)).toBe(false);
    expect(await getTwoFactorStatus({ actor: admin })).toMatchObject({ required: true, enabled: false });

    await setTwoFactorPolicy({ actor: admin, policy: "EVERYONE" });
    expect(await mustEnrolTwoFactor(agent)).toBe(true);
    await enrol(admin, new Date());
    expect(await mustEnrolTwoFactor(admin)).toBe(false);
    expect(await mustEnrolTwoFactor(agent)).toBe(true);

    // Another workspace is untouched.
    const other = await makeWorkspace("tfa-policy-other");
    expect(await mustEnrolTwoFactor(other.admin)).toBe(false);

    const changes = (await auditOf(workspace.workspaceId)).filter((entry) => entry.action === "workspace.two_factor_policy_changed");
    expect(changes.map((entry) => entry.summary)).toEqual([
      { from: "NOBODY", to: "ADMINS" },
      { from: "ADMINS", to: "EVERYONE" },
    ]);
  });
});

describe("two-factor secrets at rest", () => {
  it("are brought to the current key by the start-up and rotate-key passes, and still verify", async () => {
    const workspace = await makeWorkspace("tfa-rotate");
    const actor = workspace.admin;
    const now = new Date();
    const { secret } = await enrol(actor, now);
    const prisma = await getPrisma();
    // A secret written around the app in plaintext: the start-up pass encrypts it.
    await prisma.user.update({ where: { id: actor.userId }, data: { totpSecret: secret } });
    expect(await reencryptPersonalData({ prisma, scope: "plaintext", workspaceId: workspace.workspaceId })).toMatchObject({
      totpSecrets: 1,
      unreadable: 0,
    });
    const sealed = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpSecret: true } });
    expect(sealed.totpSecret).toMatch(new RegExp(`^enc:v1:${keyring().current.id}:`));

    // Under a previous key (the server runs have one configured): rotate-key's pass moves it.
    const previous = keyring().previous[0];
    if (previous) {
      await prisma.user.update({ where: { id: actor.userId }, data: { totpSecret: encryptText(secret, previous) } });
      expect(await reencryptPersonalData({ prisma, scope: "all", workspaceId: workspace.workspaceId })).toMatchObject({ totpSecrets: 1 });
      const moved = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpSecret: true } });
      expect(moved.totpSecret).toMatch(new RegExp(`^enc:v1:${keyring().current.id}:`));
    }
    const later = new Date(now.getTime() + STEP);
    expect(
      await verifyCredentials(
        { email: actor.email, password: workspace.password, code: totpCodeAt({ secret, now: later }) },
        { ...from(), now: later },
      ),
    ).toMatchObject({ id: actor.userId });
  });
});
