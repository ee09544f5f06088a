import "server-only";
import { z } from "zod";
import { getPrisma } from "@/lib/db";
import { DUMMY_HASH, verifyPassword } from "./password";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "AGENT";
  workspaceId: string;
}

/** Returns the user for a correct email and password of an enabled account, otherwise null. */
export async function verifyCredentials(input: unknown): Promise<AuthenticatedUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { email: parsed.data.email },
    select: { id: true, email: true, name: true, role: true, workspaceId: true, passwordHash: true, disabledAt: true },
  });
  // Always run one bcrypt comparison so unknown emails cost the same time as wrong passwords.
  const matches = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, workspaceId: user.workspaceId };
}
