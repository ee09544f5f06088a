import "server-only";
import { randomBytes } from "node:crypto";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { encryptText, tryDecryptText } from "@/lib/crypto/pii";
import { getPrisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { mailLink } from "@/lib/mail/link";
import { line } from "@/lib/validation";
import { assertAdmin } from "./admin";
import type { AuthenticatedUser } from "./credentials";
import type { Actor, Role } from "./guard";
import { hashPassword } from "./password";
import { log } from "@/lib/log";

// Single sign-on: one OpenID Connect connection per workspace, set by its admins. The
// next-auth provider of a workspace is built per request from its row (app/api/auth), with
// the id "sso-<workspace slug>". The identity provider proves the email; we decide who gets
// in: the email must be verified by the provider and its domain one the workspace claims; an
// existing user must be of this workspace and enabled; a new one is created with the
// connection's default role. Sign-ins through SSO skip our second factor: the identity
// provider owns the authentication, its MFA included.

export const SSO_PROVIDER_PREFIX = "sso-";

export function ssoProviderId(workspaceSlug: string): string {
  return `${SSO_PROVIDER_PREFIX}${workspaceSlug}`;
}

/** Loopback hosts may use http (a local Keycloak, the tests' provider); anything else needs https. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const issuerSchema = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url({ protocol: /^https?$/, error: "Enter the issuer URL, for example https://accounts.google.com." }))
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === "https:" || isLoopback(url.hostname);
  }, "The issuer must use https (plain http only on this machine, for testing).")
  .refine((value) => !new URL(value).search && !new URL(value).hash, "The issuer is a URL without a query or fragment.")
  .transform((value) => value.replace(/\/+$/, ""));

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const domainsSchema = z
  .string()
  .max(5000)
  .transform((value) => [
    ...new Set(
      value
        .split(/[\s,;]+/)
        .map((domain) => domain.trim().toLowerCase().replace(/^@/, ""))
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.string().regex(DOMAIN, "Each domain is a name like example.com, without @ or spaces."))
      .min(1, "Enter at least one email domain: only addresses at these domains sign in through SSO.")
      .max(50, "Up to 50 domains."),
  );

const checkbox = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

/** The settings form; the client secret may be left empty to keep the stored one. */
export const ssoSettingsSchema = z.object({
  issuer: issuerSchema,
  clientId: line().min(1, "Enter the client id from your identity provider.").max(300),
  clientSecret: z.string().trim().max(1000).optional().default(""),
  domains: domainsSchema,
  defaultRole: z.enum(["AGENT", "ADMIN"]).default("AGENT"),
  ssoOnly: checkbox,
  breakGlassUserId: z
    .union([z.uuid(), z.literal("")])
    .optional()
    .transform((value) => value || null),
  enabled: checkbox,
});
export type SsoSettingsInput = z.input<typeof ssoSettingsSchema>;

export interface SsoSettingsView {
  providerId: string;
  callbackUrl: string;
  connection: {
    issuer: string;
    clientId: string;
    hasClientSecret: boolean;
    domains: string[];
    defaultRole: Role;
    ssoOnly: boolean;
    breakGlassUserId: string | null;
    enabled: boolean;
  } | null;
  /** Enabled admins with a password: who may be the break-glass account. */
  admins: Array<{ id: string; name: string; email: string }>;
}

/**
 * `origin` is where the admin reached the console: next-auth builds the redirect URI from the
 * request's host too (AUTH_TRUST_HOST, lib/auth/options.ts), so the two agree without
 * NEXTAUTH_URL. With NEXTAUTH_URL set, both use it.
 */
export async function getSsoSettings({ actor, origin }: { actor: Actor; origin?: string }): Promise<SsoSettingsView> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const [workspace, admins] = await Promise.all([
    prisma.workspace.findUniqueOrThrow({
      where: { id: actor.workspaceId },
      select: { slug: true, ssoConnection: { include: { domains: { select: { domain: true }, orderBy: { domain: "asc" } } } } },
    }),
    prisma.user.findMany({
      where: { workspaceId: actor.workspaceId, role: "ADMIN", disabledAt: null },
      select: { id: true, name: true, email: true },
      orderBy: { name: "asc" },
    }),
  ]);
  const providerId = ssoProviderId(workspace.slug);
  const row = workspace.ssoConnection;
  return {
    providerId,
    callbackUrl:
      process.env.NEXTAUTH_URL || !origin ? mailLink(`/api/auth/callback/${providerId}`) : `${origin}/api/auth/callback/${providerId}`,
    admins,
    connection: row && {
      issuer: row.issuer,
      clientId: row.clientId,
      hasClientSecret: Boolean(row.clientSecret),
      domains: row.domains.map((entry) => entry.domain),
      defaultRole: row.defaultRole,
      ssoOnly: row.ssoOnly,
      breakGlassUserId: row.breakGlassUserId,
      enabled: row.enabled,
    },
  };
}

/** Admins only. Creates or replaces the workspace's connection; audited without the secret. */
export async function saveSsoSettings({ actor, settings }: { actor: Actor; settings: SsoSettingsInput }): Promise<{ providerId: string }> {
  assertAdmin(actor);
  const parsed = ssoSettingsSchema.safeParse(settings);
  if (!parsed.success) throw new ValidationError("Please correct the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const input = parsed.data;
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const workspace = await tx.workspace.findUniqueOrThrow({
      where: { id: actor.workspaceId },
      select: { slug: true, ssoConnection: { select: { clientSecret: true } } },
    });
    const secret = input.clientSecret ? encryptText(input.clientSecret) : workspace.ssoConnection?.clientSecret;
    if (!secret)
      throw new ValidationError("Please correct the highlighted fields.", {
        clientSecret: ["Enter the client secret from your identity provider."],
      });
    if (input.ssoOnly) {
      if (!input.breakGlassUserId) {
        throw new ValidationError("Please correct the highlighted fields.", {
          breakGlassUserId: ["Choose the admin who may still sign in with a password when the identity provider is down."],
        });
      }
      const breakGlass = await tx.user.findFirst({
        where: { id: input.breakGlassUserId, workspaceId: actor.workspaceId, role: "ADMIN", disabledAt: null },
        select: { id: true },
      });
      if (!breakGlass)
        throw new ValidationError("Please correct the highlighted fields.", {
          breakGlassUserId: ["The break-glass account must be an enabled admin of this workspace."],
        });
    }
    const taken = await tx.ssoDomain.findMany({
      where: { domain: { in: input.domains }, workspaceId: { not: actor.workspaceId } },
      select: { domain: true },
    });
    if (taken.length > 0) {
      throw new ValidationError("Please correct the highlighted fields.", {
        domains: [`Another workspace signs in with ${taken.map((entry) => entry.domain).join(", ")}.`],
      });
    }
    const data = {
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecret: secret,
      defaultRole: input.defaultRole,
      ssoOnly: input.ssoOnly,
      breakGlassUserId: input.ssoOnly ? input.breakGlassUserId : null,
      enabled: input.enabled,
    };
    await tx.ssoConnection.upsert({
      where: { workspaceId: actor.workspaceId },
      create: { workspaceId: actor.workspaceId, ...data },
      update: data,
    });
    await tx.ssoDomain.deleteMany({ where: { workspaceId: actor.workspaceId } });
    await tx.ssoDomain.createMany({ data: input.domains.map((domain) => ({ domain, workspaceId: actor.workspaceId })) });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "workspace.sso_saved",
      targetType: "workspace",
      targetId: actor.workspaceId,
      summary: {
        issuer: input.issuer,
        domains: input.domains,
        defaultRole: input.defaultRole,
        ssoOnly: input.ssoOnly,
        breakGlassUserId: data.breakGlassUserId,
        enabled: input.enabled,
        clientSecretChanged: Boolean(input.clientSecret),
      },
    });
    return { providerId: ssoProviderId(workspace.slug) };
  });
}

/** Admins only. Passwords work again for everyone (SSO-created users use “Forgot password?”). */
export async function removeSsoSettings({ actor }: { actor: Actor }): Promise<{ removed: boolean }> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const removed = await tx.ssoConnection.deleteMany({ where: { workspaceId: actor.workspaceId } });
    if (removed.count === 0) return { removed: false };
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "workspace.sso_removed",
      targetType: "workspace",
      targetId: actor.workspaceId,
      summary: {},
    });
    return { removed: true };
  });
}

export const ssoDiscoverySchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter your work email address.")),
});

/** The sign-in page's "Continue with single sign-on": the provider for the address's domain, if a workspace claims it. */
export async function findSsoForEmail(email: string): Promise<{ providerId: string } | null> {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  const prisma = await getPrisma();
  const row = await prisma.ssoDomain.findUnique({
    where: { domain },
    select: { connection: { select: { enabled: true, workspace: { select: { slug: true } } } } },
  });
  return row?.connection.enabled ? { providerId: ssoProviderId(row.connection.workspace.slug) } : null;
}

async function connectionOfProvider(providerId: string) {
  if (!providerId.startsWith(SSO_PROVIDER_PREFIX)) return null;
  const slug = providerId.slice(SSO_PROVIDER_PREFIX.length);
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  const prisma = await getPrisma();
  const workspace = await prisma.workspace.findUnique({
    where: { slug },
    select: { id: true, name: true, ssoConnection: { include: { domains: { select: { domain: true } } } } },
  });
  const connection = workspace?.ssoConnection;
  return workspace && connection?.enabled ? { ...connection, workspaceName: workspace.name } : null;
}

/** The identity provider's claims we read; anything else it sends is ignored. */
const claimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  // Some providers send the boolean as a string.
  email_verified: z.union([z.boolean(), z.enum(["true", "false"])]).optional(),
  name: z.string().optional(),
});

interface SsoProfile {
  id: string;
  email: string;
  name: string;
}

/**
 * The next-auth provider of a workspace's connection, or null when the id names none (or a
 * disabled one). Authorization code flow with PKCE, state and nonce; the ID token's claims
 * are the profile, so no userinfo call is needed.
 */
export async function ssoProviderFor(providerId: string): Promise<OAuthConfig<Record<string, unknown>> | null> {
  const connection = await connectionOfProvider(providerId);
  if (!connection) return null;
  const clientSecret = tryDecryptText(connection.clientSecret);
  if (clientSecret === null) {
    log.error({ workspaceId: connection.workspaceId }, "[sso] the client secret cannot be decrypted; an admin must enter it again");
    return null;
  }
  return {
    id: providerId,
    name: `${connection.workspaceName} single sign-on`,
    type: "oauth",
    wellKnown: `${connection.issuer}/.well-known/openid-configuration`,
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret,
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile" } },
    // Only an id for next-auth; who this is for us is decided in completeSsoSignIn.
    profile: (claims): SsoProfile => ({
      id: String(claims.sub),
      email: typeof claims.email === "string" ? claims.email : "",
      name: typeof claims.name === "string" ? claims.name : "",
    }),
  };
}

/** Why an SSO sign-in was refused; the login page shows the matching sentence. */
export const SSO_REFUSALS = {
  unavailable: "Single sign-on is not set up for this workspace any more. Sign in with your password, or ask an admin.",
  unverified: "Your identity provider did not confirm this email address, so it cannot sign you in here.",
  domain: "Your email address is not at a domain this workspace signs in with single sign-on. Ask an admin to add it.",
  elsewhere: "This email address belongs to an account in another workspace.",
  disabled: "This account is disabled. Ask an admin of your workspace.",
} as const;
export type SsoRefusal = keyof typeof SSO_REFUSALS;

/**
 * Decides an SSO sign-in from the identity provider's verified claims: the user to sign in
 * (created on first sign-in when the domain is allowed), or why not. Audited either way,
 * without tokens or claims beyond the domain.
 */
export async function completeSsoSignIn({
  providerId,
  claims,
  clientAddress = "unknown",
}: {
  providerId: string;
  claims: unknown;
  clientAddress?: string;
}): Promise<{ ok: true; user: AuthenticatedUser; created: boolean } | { ok: false; refusal: SsoRefusal }> {
  const connection = await connectionOfProvider(providerId);
  if (!connection) return { ok: false, refusal: "unavailable" };
  const parsed = claimsSchema.safeParse(claims);
  const email = parsed.success ? parsed.data.email : "";
  const domain = email.slice(email.lastIndexOf("@") + 1);
  const prisma = await getPrisma();
  const refuse = async (refusal: SsoRefusal, userId?: string) => {
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        workspaceId: connection.workspaceId,
        actorType: "system",
        action: "user.sso_refused",
        targetType: userId ? "user" : "workspace",
        targetId: userId ?? connection.workspaceId,
        summary: { refusal, domain, clientAddress },
      }),
    );
    return { ok: false as const, refusal };
  };
  if (!parsed.success || !(parsed.data.email_verified === true || parsed.data.email_verified === "true")) return refuse("unverified");
  if (!connection.domains.some((entry) => entry.domain === domain)) return refuse("domain");
  const existing = await prisma.user.findUnique({
    where: { email },
    select: { id: true, name: true, role: true, workspaceId: true, disabledAt: true, sessionVersion: true },
  });
  if (existing && existing.workspaceId !== connection.workspaceId) return refuse("elsewhere");
  if (existing?.disabledAt) return refuse("disabled", existing.id);
  if (existing) {
    return {
      ok: true,
      created: false,
      user: {
        id: existing.id,
        email,
        name: existing.name,
        role: existing.role,
        workspaceId: existing.workspaceId,
        sessionVersion: existing.sessionVersion,
      },
    };
  }
  const name = nameFromClaims(parsed.data.name, email);
  // A password nobody knows: the account signs in through SSO, or sets one by “Forgot password?” where passwords are allowed.
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  try {
    const user = await prisma.$transaction(async (tx) => {
      const row = await tx.user.create({
        data: { workspaceId: connection.workspaceId, email, name, role: connection.defaultRole, passwordHash },
        select: { id: true, sessionVersion: true },
      });
      await recordAudit(tx, {
        workspaceId: connection.workspaceId,
        actorUserId: row.id,
        actorType: "user",
        action: "user.created",
        targetType: "user",
        targetId: row.id,
        summary: { role: connection.defaultRole, via: "sso", domain },
      });
      return row;
    });
    return {
      ok: true,
      created: true,
      user: {
        id: user.id,
        email,
        name,
        role: connection.defaultRole,
        workspaceId: connection.workspaceId,
        sessionVersion: user.sessionVersion,
      },
    };
  } catch (error) {
    // Two first sign-ins at once: the other one created the account.
    if ((error as { code?: string }).code === "P2002") return completeSsoSignIn({ providerId, claims, clientAddress });
    throw error;
  }
}

function nameFromClaims(claimed: string | undefined, email: string): string {
  const cleaned = line()
    .max(200)
    .safeParse(claimed ?? "");
  return cleaned.success && cleaned.data ? cleaned.data : email.slice(0, email.indexOf("@"));
}

/**
 * Password sign-in in a workspace with "SSO only": refused for everyone but the break-glass
 * admin. Asked only after the password was right, so it tells nothing to someone guessing.
 */
export async function passwordSignInAllowed({ userId, workspaceId }: { userId: string; workspaceId: string }): Promise<boolean> {
  const prisma = await getPrisma();
  const connection = await prisma.ssoConnection.findUnique({
    where: { workspaceId },
    select: { enabled: true, ssoOnly: true, breakGlassUserId: true },
  });
  return !(connection?.enabled && connection.ssoOnly && connection.breakGlassUserId !== userId);
}

export const PASSWORDS_OFF = "Your workspace signs in with single sign-on. Use “Continue with single sign-on” below.";
