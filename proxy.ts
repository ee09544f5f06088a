import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { createNonce, isHttpsRequest, securityHeaders } from "@/lib/security/headers";

/**
 * Gives every page a fresh script nonce and its security headers (lib/security/headers.ts).
 * Next.js reads the nonce from the request's Content-Security-Policy header while it
 * renders and stamps it on its own scripts, so the policy set here and the nonces in the
 * HTML always agree. Every page renders per request (app/layout.tsx) for that reason.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const headers = securityHeaders({
    pathname: request.nextUrl.pathname,
    nonce,
    https: isHttpsRequest({
      protocol: request.nextUrl.protocol,
      forwardedProto: request.headers.get("x-forwarded-proto"),
      publicUrl: env().NEXTAUTH_URL,
    }),
    dev: process.env.NODE_ENV === "development",
  });
  // Overwrites whatever the client sent under these names.
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("content-security-policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Not route handlers: with a proxy in front, Next.js buffers (and past 10 MB silently
      // cuts) request bodies, which the API and the streamed knowledge import must not
      // suffer; their headers are static, in next.config.mjs. Not static files or
      // prefetches either: they are no documents, and a nonce in them would be unused.
      source: "/((?!api/|_next/static/|_next/image|favicon.ico|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
