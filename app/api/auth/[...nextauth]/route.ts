import NextAuth from "next-auth";
import { authOptionsFor } from "@/lib/auth/options";

type Context = { params: Promise<{ nextauth: string[] }> };

// Built per request: /api/auth/{signin,callback}/sso-<workspace> carries a workspace's own
// OpenID Connect provider (lib/auth/sso.ts).
async function handler(request: Request, context: Context): Promise<Response> {
  const { nextauth } = await context.params;
  // Typed `any` by next-auth; with a route context it is its App Router handler's Response.
  return NextAuth(request as never, context as never, await authOptionsFor(nextauth?.[1])) as Promise<Response>;
}

export { handler as GET, handler as POST };
