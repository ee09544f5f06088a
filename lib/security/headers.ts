// The response headers that tell a browser what a page may do: which scripts run, who may
// frame it, what it leaks in the Referer. proxy.ts sets them on every page; these functions
// stay pure so they can be tested without a server.
//
// The headers that never vary (X-Content-Type-Options, X-Frame-Options, Permissions-Policy,
// and the whole set for route handlers, which the proxy skips) are in next.config.mjs, so
// every response carries them, static files included.

/** A fresh, unguessable nonce for one response's Content-Security-Policy (128 bits). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

export interface PagePolicyOptions {
  nonce: string;
  /** `next dev`: React rebuilds server error stacks with eval, and styles arrive by script. */
  dev: boolean;
}

/**
 * The policy for HTML pages. Next.js reads the nonce back from the request's copy of this
 * header and puts it on its own scripts; 'strict-dynamic' then trusts what those load (the
 * page chunks), and nothing else: no inline script, no other origin, no eval in production.
 */
export function pagePolicy({ nonce, dev }: PagePolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Stylesheets are ours (Tailwind's output); inline <style> elements need the nonce. In
    // development the bundler injects <style> elements without one.
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    // Style attributes cannot carry a nonce, and the server-rendered metrics charts
    // (components/charts.tsx) size and colour their bars with them. A style attribute runs
    // no script, and React escapes what it renders, so this allows layout, not code.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}

// Public ticket links carry their access token in the path (/w/<slug>/t/<token>), as do
// staff invitations and password resets: a Referer sent from such a page would hand the
// link to whatever it points to.
const TOKEN_PAGE = /^\/(w\/[^/]+\/t|invite|reset-password)\//;

/** The Referrer-Policy for a path: none at all from pages whose URL is a credential. */
export function referrerPolicy(pathname: string): string {
  return TOKEN_PAGE.test(pathname) ? "no-referrer" : "strict-origin-when-cross-origin";
}

/** Two years, the preload list's minimum; without includeSubDomains, which is the domain owner's call. */
export const HSTS = "max-age=63072000";

/**
 * Whether the browser reached us over HTTPS: directly, through a proxy that says so, or
 * because NEXTAUTH_URL (the public address) is https. Trusting X-Forwarded-Proto here is
 * safe: browsers ignore Strict-Transport-Security received over plain HTTP, so a forged
 * header changes nothing a client sees.
 */
export function isHttpsRequest(options: { protocol: string; forwardedProto: string | null; publicUrl?: string }): boolean {
  if (options.protocol === "https:") return true;
  const forwarded = options.forwardedProto?.split(",")[0]?.trim().toLowerCase();
  if (forwarded === "https") return true;
  return options.publicUrl?.startsWith("https://") ?? false;
}

export interface SecurityHeadersOptions {
  pathname: string;
  nonce: string;
  https: boolean;
  dev: boolean;
}

/** The per-request security headers for one page. */
export function securityHeaders({ pathname, nonce, https, dev }: SecurityHeadersOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": pagePolicy({ nonce, dev }),
    "Referrer-Policy": referrerPolicy(pathname),
  };
  if (https && !dev) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}
