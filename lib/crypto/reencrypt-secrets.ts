import type { Keyring } from "./pii";
import { type Raw, type ReencryptScope, reseal, stalePrefix, workspaceCondition } from "./reencrypt";

// The re-encryption pass (reencrypt.ts) for staff two-factor secrets (users.totp_secret),
// which sit under the personal-data key: without it, rotate-key followed by dropping the
// previous key would lock every user with a second factor out. Few rows: one statement
// each, conditional on the value read, so an enrolment meanwhile is never overwritten. An
// unreadable secret is left as it is (an admin resets that user's factor).

export async function reencryptTotpSecrets(options: { prisma: Raw; scope: ReencryptScope; ring: Keyring; workspaceId?: string }): Promise<{ secrets: number; unreadable: number }> {
  const { prisma, scope, ring } = options;
  const prefix = stalePrefix(scope, ring);
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string; totp_secret: string }>>(
    `SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE '${prefix}%'${workspaceCondition(options.workspaceId)} ORDER BY id`,
  );
  const result = { secrets: 0, unreadable: 0 };
  for (const row of rows) {
    const resealed = reseal(row.totp_secret, scope, ring);
    if (resealed.plain === null) result.unreadable += 1;
    if (!resealed.changed) continue;
    result.secrets += await prisma.$executeRawUnsafe(`UPDATE users SET totp_secret = $1 WHERE id = $2::uuid AND totp_secret = $3`, resealed.stored, row.id, row.totp_secret);
  }
  return result;
}

export async function countStaleTotpSecrets(prisma: Raw, prefix: string, workspaceId?: string): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM users WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE $1${workspaceCondition(workspaceId)}`,
    `${prefix}%`,
  );
  return row?.count ?? 0;
}
