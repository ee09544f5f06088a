import "server-only";
import { env } from "@/lib/env";

/**
 * A link to one of our pages, for mail (invitations, password resets, ticket links). Never
 * from the request's Host header: an attacker choosing it would receive the link.
 * NEXTAUTH_URL when set, else the local port.
 */
export function mailLink(pathname: string): string {
  const config = env();
  const origin = config.NEXTAUTH_URL ? new URL(config.NEXTAUTH_URL).origin : `http://localhost:${config.PORT}`;
  return `${origin}${pathname}`;
}
