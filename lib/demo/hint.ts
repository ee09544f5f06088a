import "server-only";
import { getPrisma } from "@/lib/db";
import { env } from "@/lib/env";
import { demoStaff } from "./data";
import { DEMO_SLUG } from "./seed";

/**
 * The demo logins, shown on the login page only in the embedded default (a local trial).
 * A server deployment never advertises credentials, even if it was seeded.
 */
export async function getDemoLoginHint(): Promise<{ emails: string[]; password: string } | null> {
  const config = env();
  if (config.databaseMode !== "embedded") return null;
  const prisma = await getPrisma();
  const demo = await prisma.workspace.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } });
  if (!demo) return null;
  return { emails: demoStaff.slice(0, 2).map((member) => member.email), password: config.DEMO_PASSWORD };
}
