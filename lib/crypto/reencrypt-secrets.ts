import type { Keyring } from "./pii";
import { type Raw, type ReencryptScope, reseal, stalePrefix, workspaceCondition } from "./reencrypt";

// The re-encryption pass (reencrypt.ts) for the secrets sealed under the personal-data key:
// staff two-factor secrets and workspaces' SSO client secrets. Without it, rotate-key
// followed by dropping the previous key would lock every user with a second factor out and
// break single sign-on. Few rows: one statement each, conditional on the value read, so a
// change meanwhile is never overwritten. An unreadable secret is left as it is (an admin
// resets that user's factor, or enters the client secret again).

interface SealedSecretColumn {
  table: string;
  column: string;
  /** The row's key, and the column naming its workspace (for a one-workspace pass). */
  key: string;
  workspaceColumn: string;
  /** The ReencryptResult field that counts it. */
  counter: "totpSecrets" | "ssoSecrets";
}

const SEALED_SECRETS: SealedSecretColumn[] = [
  { table: "users", column: "totp_secret", key: "id", workspaceColumn: "workspace_id", counter: "totpSecrets" },
  { table: "sso_connections", column: "client_secret", key: "workspace_id", workspaceColumn: "workspace_id", counter: "ssoSecrets" },
];

export async function reencryptSecrets(options: {
  prisma: Raw;
  scope: ReencryptScope;
  ring: Keyring;
  workspaceId?: string;
}): Promise<{ totpSecrets: number; ssoSecrets: number; unreadable: number }> {
  const { prisma, scope, ring } = options;
  const prefix = stalePrefix(scope, ring);
  const result = { totpSecrets: 0, ssoSecrets: 0, unreadable: 0 };
  for (const sealed of SEALED_SECRETS) {
    const rows = await prisma.$queryRawUnsafe<Array<{ key: string; value: string }>>(
      `SELECT ${sealed.key}::text AS key, ${sealed.column} AS value FROM ${sealed.table}
       WHERE ${sealed.column} IS NOT NULL AND ${sealed.column} NOT LIKE '${prefix}%'${workspaceCondition(options.workspaceId, sealed.workspaceColumn)} ORDER BY ${sealed.key}`,
    );
    for (const row of rows) {
      const resealed = reseal(row.value, scope, ring);
      if (resealed.plain === null) result.unreadable += 1;
      if (!resealed.changed) continue;
      result[sealed.counter] += await prisma.$executeRawUnsafe(
        `UPDATE ${sealed.table} SET ${sealed.column} = $1 WHERE ${sealed.key} = $2::uuid AND ${sealed.column} = $3`,
        resealed.stored,
        row.key,
        row.value,
      );
    }
  }
  return result;
}

export async function countStaleSecrets(prisma: Raw, prefix: string, workspaceId?: string): Promise<number> {
  let total = 0;
  for (const sealed of SEALED_SECRETS) {
    const [row] = await prisma.$queryRawUnsafe<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM ${sealed.table} WHERE ${sealed.column} IS NOT NULL AND ${sealed.column} NOT LIKE $1${workspaceCondition(workspaceId, sealed.workspaceColumn)}`,
      `${prefix}%`,
    );
    total += row?.count ?? 0;
  }
  return total;
}
