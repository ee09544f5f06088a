import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address-header";
import { verifyCredentials } from "./credentials";
import { safeCallbackPath } from "./redirect";
import { sessionSecret } from "./secret";
import { currentSessionVersion } from "./session-version";
import { completeSsoSignIn, SSO_PROVIDER_PREFIX, ssoProviderFor } from "./sso";
import { endSignedOutSession, startUserSession } from "./user-sessions";
import { log } from "@/lib/log";

// Sign-in redirects are built from the request's own host, so the console works on any
// port or host name without NEXTAUTH_URL (set NEXTAUTH_URL behind a proxy that rewrites it).
process.env.AUTH_TRUST_HOST ??= "true";

function clientAddressOfSignIn(request: { headers?: Record<string, unknown> } | undefined): string {
  const value = request?.headers?.[CLIENT_ADDRESS_HEADER];
  return typeof value === "string" && value ? value : "unknown";
}

/**
 * Where a sign-in came from, for its session row: the same header authorize reads (set by our
 * server, scripts/server.ts), read from the request next-auth is handling, whatever the
 * sign-in path. Outside a request (a test calling the callback) there is none.
 */
async function signInRequest(): Promise<{ clientAddress: string; userAgent: string | null }> {
  try {
    const list = await headers();
    return { clientAddress: list.get(CLIENT_ADDRESS_HEADER) || "unknown", userAgent: list.get("user-agent") };
  } catch {
    return { clientAddress: "unknown", userAgent: null };
  }
}

export const SESSION_MAX_AGE = 8 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: sessionSecret(),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Two-factor code", type: "text" },
      },
      // The client address comes from our server (scripts/server.ts), never from a header the client chose.
      authorize: (credentials, request) => verifyCredentials(credentials, { clientAddress: clientAddressOfSignIn(request) }),
    }),
  ],
  callbacks: {
    async signIn({ user, account, profile }) {
      if (!account?.provider.startsWith(SSO_PROVIDER_PREFIX)) return true;
      const outcome = await completeSsoSignIn({
        providerId: account.provider,
        claims: profile,
        clientAddress: (await signInRequest()).clientAddress,
      });
      if (!outcome.ok) return `/login?sso=${outcome.refusal}`;
      // next-auth hands this same object to the jwt callback as `user`: from here on it is
      // our user (id, role, workspace), not the identity provider's profile.
      Object.assign(user, outcome.user);
      return true;
    },
    // next-auth's default already keeps redirects on our origin; this applies the login
    // page's own rule too (lib/auth/redirect.ts), so the two can never disagree.
    redirect({ url, baseUrl }) {
      const path = safeCallbackPath(url, { origin: baseUrl });
      return path ? `${baseUrl}${path}` : baseUrl;
    },
    async jwt({ token, user }) {
      if (user) {
        const signedIn = user as unknown as { id: string; role: string; workspaceId: string; sessionVersion?: number };
        token.sub = signedIn.id;
        token.role = signedIn.role;
        token.workspaceId = signedIn.workspaceId;
        // Compared with the user's on every request (lib/auth/session-version.ts).
        token.sessionVersion =
          typeof signedIn.sessionVersion === "number" ? signedIn.sessionVersion : await currentSessionVersion(signedIn.id);
        // Every sign-in path passes here with `user` set: each gets a row getActor checks (lib/auth/user-sessions.ts).
        token.sid = (await startUserSession({ userId: signedIn.id, ...(await signInRequest()) })).sessionId;
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        user: {
          ...session.user,
          id: token.sub,
          role: token.role,
          workspaceId: token.workspaceId,
          sessionVersion: token.sessionVersion,
          sessionId: token.sid,
        },
      };
    },
  },
  events: {
    // next-auth verified the JWT before this; its session row ends with the cookie.
    async signOut({ token }) {
      await endSignedOutSession({ sessionId: token?.sid, userId: token?.sub });
    },
  },
  logger: {
    // A failed login is expected traffic, not an error worth a stack trace.
    error(code, metadata) {
      if (code === "CREDENTIALS_SIGNIN_ERROR") return;
      log.error({ err: metadata instanceof Error ? metadata : metadata.error, code }, `[auth] ${code}`);
    },
    warn() {},
    debug() {},
  },
};

/**
 * The options for one request to /api/auth: a workspace's SSO provider is added only when the
 * request names it (sign-in and callback), built from its row at that moment, so a change of
 * settings applies at once in every process and no request loads every workspace's provider.
 */
export async function authOptionsFor(providerId: string | undefined): Promise<NextAuthOptions> {
  const sso = providerId?.startsWith(SSO_PROVIDER_PREFIX) ? await ssoProviderFor(providerId) : null;
  return sso ? { ...authOptions, providers: [...authOptions.providers, sso] } : authOptions;
}
