import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flushBackgroundWork } from "@/lib/background";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { makeStaff, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { startOidcServer, type TestOidcServer } from "@/test/oidc-server";
import { SignInRefusedError, verifyCredentials } from "./credentials";
import { requestPasswordReset } from "./password-reset";
import { authOptionsFor } from "./options";
import { sessionSecret } from "./secret";
import { findSsoForEmail, getSsoSettings, PASSWORDS_OFF, removeSsoSettings, saveSsoSettings, ssoProviderId } from "./sso";

// Single sign-on against a real OpenID Connect provider (oidc-provider, in this process):
// next-auth runs the whole authorization code flow (discovery, PKCE, state, nonce, the code
// exchange and the ID token check) over HTTP, through its own handler for Next's API
// routes, with the options our /api/auth route builds per request.

// Before any import reads the environment: links and callbacks are built from it.
const APP = vi.hoisted(() => {
  process.env.NEXTAUTH_URL = "http://127.0.0.1:3987";
  return process.env.NEXTAUTH_URL;
});

/** A browser's cookies for one origin, enough for the flow: names and values. */
class CookieJar {
  private readonly values = new Map<string, string>();
  take(setCookies: string[]): void {
    for (const header of setCookies) {
      const pair = header.split(";")[0] ?? "";
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === "") this.values.delete(name);
      else this.values.set(name, value);
    }
  }
  get(name: string): string | undefined {
    return this.values.get(name);
  }
  /** Decoded, as Next hands cookies to a route. */
  record(): Record<string, string> {
    return Object.fromEntries([...this.values].map(([name, value]) => [name, decodeURIComponent(value)]));
  }
  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

interface AuthAnswer {
  status: number;
  location: string | null;
  body: unknown;
}

/** One request to /api/auth/<action>/<provider>, as Next's API routes hand it to next-auth. */
async function callAuth(jar: CookieJar, method: "GET" | "POST", url: string, body?: Record<string, string>): Promise<AuthAnswer> {
  const parsed = new URL(url);
  const [action, providerId] = parsed.pathname.replace(/^\/api\/auth\//, "").split("/");
  const headers: Record<string, string | string[]> = {};
  let status = 200;
  let sent: unknown;
  const res = {
    getHeader: (name: string) => headers[name.toLowerCase()],
    setHeader(name: string, value: string | string[]) {
      headers[name.toLowerCase()] = value;
      return res;
    },
    status(code: number) {
      status = code;
      return res;
    },
    end() {},
    json(value: unknown) {
      sent = value;
    },
    send(value: unknown) {
      sent = value;
    },
  };
  const req = {
    method,
    query: { ...Object.fromEntries(parsed.searchParams), nextauth: [action, providerId].filter(Boolean) },
    body: body ?? {},
    cookies: jar.record(),
    headers: { host: parsed.host, "x-forwarded-proto": "http" },
  };
  await NextAuth(req as never, res as never, await authOptionsFor(providerId));
  const setCookie = headers["set-cookie"];
  jar.take(Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []);
  return { status, location: typeof headers.location === "string" ? headers.location : null, body: sent };
}

/**
 * A person clicking "Continue with single sign-on" and signing in at the identity provider:
 * the app's answer to the provider's redirect back (its Location, and the session cookie if
 * one was set).
 */
async function signInThroughSso(
  idp: TestOidcServer,
  providerId: string,
  sub: string,
): Promise<{ location: string; session: string | undefined }> {
  const app = new CookieJar();
  const csrf = await callAuth(app, "GET", `${APP}/api/auth/csrf`);
  const { csrfToken } = csrf.body as { csrfToken: string };
  const start = await callAuth(app, "POST", `${APP}/api/auth/signin/${providerId}`, { csrfToken, callbackUrl: `${APP}/inbox` });
  if (!start.location) console.log(start);
  expect(start.location, "the sign-in goes to the identity provider").toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
  expect(new URL(start.location!).searchParams.get("code_challenge_method")).toBe("S256");

  idp.signInAs(sub);
  const browser = new CookieJar();
  let location = start.location!;
  for (let hops = 0; hops < 10 && location.startsWith(idp.issuer); hops += 1) {
    const response = await fetch(location, { redirect: "manual", headers: { cookie: browser.header() } });
    browser.take(response.headers.getSetCookie());
    const next = response.headers.get("location");
    if (!next) throw new Error(`the identity provider answered ${response.status}: ${await response.text()}`);
    location = new URL(next, location).toString();
  }
  expect(location.startsWith(`${APP}/api/auth/callback/${providerId}?`), location).toBe(true);
  const back = await callAuth(app, "GET", location);
  return { location: back.location ?? "", session: app.get("next-auth.session-token") };
}

let idp: TestOidcServer;
let acme: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  acme = await makeWorkspace("sso-acme");
  other = await makeWorkspace("sso-other");
  const slugOf = async (workspaceId: string) =>
    (await (await getPrisma()).workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slug: true } })).slug;
  idp = await startOidcServer({ redirectUris: [`${APP}/api/auth/callback/${ssoProviderId(await slugOf(acme.workspaceId))}`] });
  idp.accounts.set("alice", { email: "Alice@Acme-Corp.test", email_verified: true, name: "Alice Example" });
  idp.accounts.set("mallory", { email: "mallory@elsewhere.test", email_verified: true, name: "Mallory" });
  idp.accounts.set("unverified", { email: "eve@acme-corp.test", email_verified: false, name: "Eve" });
  idp.accounts.set("other-admin", { email: other.admin.email, email_verified: true, name: "Other" });
});

afterAll(async () => {
  await idp?.close();
});

async function configure(workspace: TestWorkspace, extra: Partial<Parameters<typeof saveSsoSettings>[0]["settings"]> = {}) {
  return saveSsoSettings({
    actor: workspace.admin,
    settings: {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      domains: "acme-corp.test",
      defaultRole: "AGENT",
      enabled: true,
      ...extra,
    },
  });
}

describe("single sign-on with OpenID Connect", () => {
  it("creates a user of an allowed domain with the default role, and signs the same user in again", async () => {
    const { providerId } = await configure(acme);
    expect(await findSsoForEmail("someone@ACME-corp.test".toLowerCase())).toEqual({ providerId });
    expect(await findSsoForEmail("someone@elsewhere.test")).toBeNull();

    const first = await signInThroughSso(idp, providerId, "alice");
    expect(first.location).toBe(`${APP}/inbox`);
    expect(first.session).toBeTruthy();
    const token = await decode({ token: first.session!, secret: sessionSecret() });
    const prisma = await getPrisma();
    const user = await prisma.user.findUniqueOrThrow({
      where: { email: "alice@acme-corp.test" },
      select: { id: true, role: true, workspaceId: true, name: true },
    });
    expect(user).toMatchObject({ role: "AGENT", workspaceId: acme.workspaceId, name: "Alice Example" });
    expect(token).toMatchObject({ sub: user.id, role: "AGENT", workspaceId: acme.workspaceId });
    // The session is a real one: listed, and ended like any other (lib/auth/user-sessions.ts).
    expect(await prisma.userSession.count({ where: { userId: user.id, endedAt: null } })).toBe(1);

    const again = await signInThroughSso(idp, providerId, "alice");
    expect(again.location).toBe(`${APP}/inbox`);
    expect(await prisma.user.count({ where: { email: "alice@acme-corp.test" } })).toBe(1);
    const created = await prisma.auditLog.findMany({
      where: { workspaceId: acme.workspaceId, action: "user.created", targetId: user.id },
      select: { summary: true },
    });
    expect(created).toEqual([{ summary: { role: "AGENT", via: "sso", domain: "acme-corp.test" } }]);
  });

  it("refuses a domain the workspace does not allow, an unverified email and another workspace's user", async () => {
    const { providerId } = await configure(acme);
    const prisma = await getPrisma();
    for (const [sub, refusal] of [
      ["mallory", "domain"],
      ["unverified", "unverified"],
    ] as const) {
      const answer = await signInThroughSso(idp, providerId, sub);
      expect(answer.location).toBe(`/login?sso=${refusal}`);
      expect(answer.session).toBeUndefined();
    }
    expect(await prisma.user.count({ where: { email: { in: ["mallory@elsewhere.test", "eve@acme-corp.test"] } } })).toBe(0);

    // Even with its domain allowed, an address of another workspace's account opens nothing here.
    await configure(acme, { domains: `acme-corp.test, ${other.admin.email.split("@")[1]}` });
    const crossing = await signInThroughSso(idp, providerId, "other-admin");
    expect(crossing.location).toBe("/login?sso=elsewhere");
    expect(crossing.session).toBeUndefined();
    const refusals = await prisma.auditLog.findMany({
      where: { workspaceId: acme.workspaceId, action: "user.sso_refused" },
      select: { summary: true },
    });
    expect(refusals.map((row) => (row.summary as { refusal: string }).refusal).sort()).toEqual(["domain", "elsewhere", "unverified"]);
    await configure(acme);
  });

  it("with SSO only, refuses passwords for everyone but the break-glass admin", async () => {
    const secondAdmin = await makeStaff(acme.admin, { role: "ADMIN" });
    const agent = await makeStaff(acme.admin, { role: "AGENT" });
    const address = { clientAddress: "198.51.100.7" };
    await configure(acme, { ssoOnly: true, breakGlassUserId: acme.admin.userId });
    for (const person of [secondAdmin, agent]) {
      await expect(verifyCredentials({ email: person.email, password: person.password }, address)).rejects.toThrow(
        new SignInRefusedError(PASSWORDS_OFF),
      );
    }
    // A wrong password still reads as a wrong password: the SSO rule is told only to someone who knew it.
    expect(await verifyCredentials({ email: agent.email, password: "not-the-password" }, address)).toBeNull();
    expect(await verifyCredentials({ email: acme.admin.email, password: acme.password }, address)).toMatchObject({ id: acme.admin.userId });
    // "Forgot password?" mails how to sign in instead of a link that would open nothing.
    await requestPasswordReset({ email: agent.email });
    await flushBackgroundWork();
    const prisma = await getPrisma();
    const mail = await prisma.outboxMail.findFirstOrThrow({
      where: { toAddress: agent.email, kind: "password_reset" },
      select: { body: true },
    });
    expect(mail.body).toContain("Continue with single sign-on");
    expect(mail.body).not.toContain("/reset-password/");
    expect(await prisma.passwordReset.count({ where: { userId: agent.userId } })).toBe(0);

    await configure(acme, { ssoOnly: false });
    expect(await verifyCredentials({ email: agent.email, password: agent.password }, address)).toMatchObject({ id: agent.userId });
  });

  it("refuses a disabled user and stops at once when the connection is switched off or removed", async () => {
    const { providerId } = await configure(acme);
    const prisma = await getPrisma();
    const alice = await prisma.user.findUniqueOrThrow({ where: { email: "alice@acme-corp.test" }, select: { id: true } });
    await prisma.user.update({ where: { id: alice.id }, data: { disabledAt: new Date() } });
    expect((await signInThroughSso(idp, providerId, "alice")).location).toBe("/login?sso=disabled");
    await prisma.user.update({ where: { id: alice.id }, data: { disabledAt: null } });

    await configure(acme, { enabled: false });
    expect(await findSsoForEmail("alice@acme-corp.test")).toBeNull();
    expect((await authOptionsFor(providerId)).providers.map((provider) => provider.id)).toEqual(["credentials"]);
    await configure(acme);
    expect((await authOptionsFor(providerId)).providers.map((provider) => provider.id)).toEqual(["credentials", providerId]);
    expect(await removeSsoSettings({ actor: acme.admin })).toEqual({ removed: true });
    expect((await authOptionsFor(providerId)).providers.map((provider) => provider.id)).toEqual(["credentials"]);
    await configure(acme);
  });
});

describe("SSO settings", () => {
  it("keep the client secret encrypted and out of the audit log, and keep it when left empty", async () => {
    await configure(acme);
    await configure(acme, { clientSecret: "" });
    const prisma = await getPrisma();
    const row = await prisma.ssoConnection.findUniqueOrThrow({ where: { workspaceId: acme.workspaceId }, select: { clientSecret: true } });
    expect(row.clientSecret).toMatch(/^enc:v1:/);
    expect(row.clientSecret).not.toContain(idp.clientSecret);
    const audit = await prisma.auditLog.findMany({
      where: { workspaceId: acme.workspaceId, action: "workspace.sso_saved" },
      select: { summary: true },
    });
    expect(JSON.stringify(audit)).not.toContain(idp.clientSecret);
    expect(audit.at(-1)?.summary).toMatchObject({ clientSecretChanged: false });
    const view = await getSsoSettings({ actor: acme.admin });
    expect(view.connection).toMatchObject({ hasClientSecret: true, domains: ["acme-corp.test"] });
    expect(JSON.stringify(view)).not.toContain(idp.clientSecret);
    expect(view.callbackUrl).toBe(`${APP}/api/auth/callback/${view.providerId}`);
  });

  it("refuse hostile or inconsistent settings and leave the saved ones as they were", async () => {
    await configure(acme);
    const before = await getSsoSettings({ actor: acme.admin });
    const agent = await makeStaff(acme.admin, { role: "AGENT" });
    await expect(
      saveSsoSettings({ actor: agent, settings: { issuer: idp.issuer, clientId: "x", clientSecret: "y", domains: "acme-corp.test" } }),
    ).rejects.toThrow(ForbiddenError);
    const hostile: Array<[Record<string, unknown>, string]> = [
      [{ issuer: "http://idp.example.com" }, "issuer"],
      [{ issuer: "javascript:alert(1)" }, "issuer"],
      [{ issuer: `${idp.issuer}/?x=1` }, "issuer"],
      [{ domains: "acme-corp.test\u0000evil.test" }, "domains"],
      [{ domains: "@@, not a domain" }, "domains"],
      [{ domains: "" }, "domains"],
      [{ clientId: "line\nbreak" }, "clientId"],
      [{ ssoOnly: true }, "breakGlassUserId"],
      [{ ssoOnly: true, breakGlassUserId: agent.userId }, "breakGlassUserId"],
      [{ ssoOnly: true, breakGlassUserId: other.admin.userId }, "breakGlassUserId"],
      [{ defaultRole: "OWNER" }, "defaultRole"],
    ];
    for (const [change, field] of hostile) {
      const attempt = configure(acme, change);
      await expect(attempt, JSON.stringify(change)).rejects.toThrow(ValidationError);
      await attempt.catch((error: ValidationError) =>
        expect(Object.keys(error.fieldErrors ?? {}), JSON.stringify(change)).toContain(field),
      );
    }
    // A domain another workspace signs in with cannot be claimed.
    const claimed = await configure(other, { domains: "acme-corp.test" }).catch((error: ValidationError) => error);
    expect(claimed).toBeInstanceOf(ValidationError);
    expect((claimed as ValidationError).fieldErrors.domains).toEqual(["Another workspace signs in with acme-corp.test."]);
    expect(await getSsoSettings({ actor: acme.admin })).toEqual(before);
  });
});
