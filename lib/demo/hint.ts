import "server-only";
import { verifyPassword } from "@/lib/auth/password";
import { getPrisma } from "@/lib/db";
import { env } from "@/lib/env";
import { demoStaff } from "./data";
import { DEMO_SLUG } from "./seed";

/** The password the demo is seeded with unless DEMO_PASSWORD says otherwise. */
export const DEFAULT_DEMO_PASSWORD = "demo-password";

export interface DemoLoginHint {
  emails: string[];
  password: string;
}

// Whether a stored hash is the default password's, per hash: a bcrypt costs ~0.1 s, and the
// login page is public, so each distinct hash is checked once per process. Keyed by the
// hash itself, a password changed after seeding (a new hash) is checked afresh at once.
const globalForHint = globalThis as unknown as { __demoDefaultHash?: Map<string, boolean> };

async function isDefaultPasswordHash(hash: string): Promise<boolean> {
  const known = (globalForHint.__demoDefaultHash ??= new Map<string, boolean>());
  const cached = known.get(hash);
  if (cached !== undefined) return cached;
  const matches = await verifyPassword(DEFAULT_DEMO_PASSWORD, hash);
  // The demo has a handful of staff; a bound keeps a churn of changes from growing it.
  if (known.size >= 32) known.clear();
  known.set(hash, matches);
  return matches;
}

/**
 * The demo logins, shown on the login page only in the embedded default (a local trial)
 * and only while they still work with the default password: a changed DEMO_PASSWORD, or a
 * demo account whose password was changed since seeding, is never advertised. A server
 * deployment never advertises credentials, even if it was seeded.
 */
export async function getDemoLoginHint(): Promise<DemoLoginHint | null> {
  const config = env();
  if (config.databaseMode !== "embedded") return null;
  if (config.DEMO_PASSWORD !== DEFAULT_DEMO_PASSWORD) return null;
  const prisma = await getPrisma();
  const demo = await prisma.workspace.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } });
  if (!demo) return null;
  const listed = demoStaff.slice(0, 2).map((member) => member.email);
  const users = await prisma.user.findMany({
    where: { workspaceId: demo.id, email: { in: listed }, disabledAt: null },
    select: { email: true, passwordHash: true },
  });
  const emails: string[] = [];
  for (const email of listed) {
    const user = users.find((candidate) => candidate.email === email);
    if (user && (await isDefaultPasswordHash(user.passwordHash))) emails.push(email);
  }
  return emails.length > 0 ? { emails, password: DEFAULT_DEMO_PASSWORD } : null;
}
