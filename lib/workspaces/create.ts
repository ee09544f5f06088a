import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { assertPasswordPolicy } from "@/lib/auth/password-policy";
import { getPrisma } from "@/lib/db";
import { ValidationError } from "@/lib/errors";

export const newWorkspaceSchema = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,38}$/, "Use 2-39 lowercase letters, digits or dashes."),
  name: z.string().trim().min(1).max(120),
  admin: z.object({
    email: z.string().trim().toLowerCase().pipe(z.email()),
    name: z.string().trim().min(1).max(120),
    // The policy (length, common passwords, the admin's own name or email) is checked below.
    password: z.string().max(200),
  }),
});
export type NewWorkspace = z.input<typeof newWorkspaceSchema>;

/** Creates a workspace with its first admin. */
export async function createWorkspace(input: NewWorkspace) {
  const parsed = newWorkspaceSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Invalid workspace.", z.flattenError(parsed.error).fieldErrors);
  const { slug, name, admin } = parsed.data;
  assertPasswordPolicy(admin.password, admin);
  const prisma = await getPrisma();
  const passwordHash = await hashPassword(admin.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const workspace = await tx.workspace.create({ data: { slug, name }, select: { id: true, slug: true } });
      const user = await tx.user.create({
        data: { workspaceId: workspace.id, email: admin.email, name: admin.name, role: "ADMIN", passwordHash },
        select: { id: true },
      });
      await recordAudit(tx, {
        workspaceId: workspace.id,
        actorUserId: user.id,
        actorType: "user",
        action: "workspace.created",
        targetType: "workspace",
        targetId: workspace.id,
        summary: { slug },
      });
      return { workspaceId: workspace.id, adminUserId: user.id };
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new ValidationError("That workspace or email is already taken.");
    throw error;
  }
}
