import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { getPrisma } from "@/lib/db";
import { consumeLimit, limits } from "@/lib/http/rate-limit";
import { getPublicWorkspace } from "@/lib/support/public";
import { ErasureInProgressError, runErasure, startErasure } from "./erasure";
import type { ErasureReceipt } from "./receipt";
import { exportPersonalData, type PersonalDataExport } from "./export";
import { describeHoldings, findCustomerByEmail, type HoldingsOverview } from "./holdings";
import { readPrivacySession, requestPrivacyCode, verifyPrivacyCode } from "./verification";
import { log } from "@/lib/log";

// The customer's privacy page (/w/<slug>/privacy): ask for a code, prove the address, then
// download or erase. The proof is a signed session (cookie) naming the workspace and address.

export const PRIVACY_COOKIE = "privacy_session";

export async function requestCode({ slug, email, clientKey }: { slug: string; email: string; clientKey: string }) {
  const workspace = await getPublicWorkspace(slug);
  return requestPrivacyCode({ workspace, email, clientKey });
}

export async function verifyCode(input: {
  slug: string;
  email: string;
  code: string;
  clientKey: string;
}): Promise<{ token: string; expiresAt: Date; overview: HoldingsOverview }> {
  const workspace = await getPublicWorkspace(input.slug);
  const session = await verifyPrivacyCode({ workspace, email: input.email, code: input.code, clientKey: input.clientKey });
  const { email } = readPrivacySession(session.token, workspace.id);
  return { ...session, overview: await describeHoldings({ workspaceId: workspace.id, email }) };
}

export async function getOverview({ slug, token }: { slug: string; token: string | undefined }): Promise<HoldingsOverview> {
  const workspace = await getPublicWorkspace(slug);
  const { email } = readPrivacySession(token, workspace.id);
  return describeHoldings({ workspaceId: workspace.id, email });
}

export async function exportForSession({
  slug,
  token,
  clientKey,
}: {
  slug: string;
  token: string | undefined;
  clientKey: string;
}): Promise<PersonalDataExport> {
  const workspace = await getPublicWorkspace(slug);
  const { email } = readPrivacySession(token, workspace.id);
  await consumeLimit(limits.privacyExport, clientKey);
  const data = await exportPersonalData({ workspaceId: workspace.id, email });
  const customer = await findCustomerByEmail(workspace.id, email);
  // Only an address we hold leaves a trace (linked to the customer, so their erasure redacts it).
  if (customer) {
    const prisma = await getPrisma();
    await prisma.$transaction((tx) =>
      recordAudit(tx, {
        workspaceId: workspace.id,
        actorType: "customer",
        action: "privacy.exported",
        targetType: "customer",
        targetId: customer.id,
        customerId: customer.id,
      }),
    );
  }
  return data;
}

/**
 * Erases what the address holds and returns the receipt. Once the request is recorded it
 * will complete: if the job stops now, the answer is the request id (receipt null) and the
 * sweep or the next start finishes it.
 */
export async function eraseForSession({
  slug,
  token,
}: {
  slug: string;
  token: string | undefined;
}): Promise<{ requestId: string; receipt: ErasureReceipt | null }> {
  const workspace = await getPublicWorkspace(slug);
  const { email } = readPrivacySession(token, workspace.id);
  const { requestId } = await startErasure({ workspaceId: workspace.id, email, requestedBy: { type: "customer" } });
  try {
    return { requestId, receipt: await runErasure({ requestId }) };
  } catch (error) {
    if (!(error instanceof ErasureInProgressError)) log.error({ err: error, erasureId: requestId }, "[privacy] erasure stopped");
    return { requestId, receipt: null };
  }
}

/**
 * The one workspace of a single-company install, for /privacy to go straight to; null when
 * there are several (the page then asks which, without listing them).
 */
export async function soleWorkspaceSlug(): Promise<string | null> {
  const prisma = await getPrisma();
  const workspaces = await prisma.workspace.findMany({ take: 2, select: { slug: true } });
  return workspaces.length === 1 ? workspaces[0]!.slug : null;
}
