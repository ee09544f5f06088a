import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { exportPersonalData } from "./export";
import { describeHoldings } from "./holdings";

// The admin's customer page: who the customer is, what the workspace holds about them, and
// the erasure control (the erasure itself is eraseCustomer in ./erasure.ts).

export const customerIdSchema = z.object({ customerId: z.uuid("Unknown customer.") });

export async function getCustomerPrivacy({ actor, customerId }: { actor: Actor; customerId: string }) {
  if (actor.role !== "ADMIN") throw new ForbiddenError();
  if (!z.uuid().safeParse(customerId).success) throw new NotFoundError("Customer");
  const prisma = await getPrisma();
  const customer = await prisma.customer.findFirst({
    where: { id: customerId, workspaceId: actor.workspaceId },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      tier: true,
      createdAt: true,
      tickets: {
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, number: true, subject: true, status: true, createdAt: true },
      },
    },
  });
  if (!customer) throw new NotFoundError("Customer");
  return { customer, holdings: await describeHoldings({ workspaceId: actor.workspaceId, email: customer.email }) };
}

/** The customer's export for an admin, audited as theirs (and linked to the customer, so erasure redacts it). */
export async function exportCustomerAsAdmin({ actor, customerId }: { actor: Actor; customerId: string }) {
  const { customer } = await getCustomerPrivacy({ actor, customerId });
  const data = await exportPersonalData({ workspaceId: actor.workspaceId, email: customer.email });
  const prisma = await getPrisma();
  await prisma.$transaction((tx) =>
    recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "privacy.exported",
      targetType: "customer",
      targetId: customer.id,
      customerId: customer.id,
    }),
  );
  return data;
}
