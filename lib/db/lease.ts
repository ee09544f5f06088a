import "server-only";
import { getPrisma } from "@/lib/db";

// A named lease in the database (poller_leases): at most one holder until it expires. Taking
// and renewing are one INSERT ... ON CONFLICT statement, timed by the database's clock, so it
// holds across processes and machines with skewed clocks, and works behind a transaction
// pooler (PgBouncer), where a session advisory lock would be released under our feet.

export interface LeaseInput {
  name: string;
  /** Who asks: stable for the life of the process (host, pid and a random part). */
  holder: string;
  ttlMs: number;
}

/** Takes the lease when it is free or expired, or renews it for its holder; false when another holds it. */
export async function takeLease({ name, holder, ttlMs }: LeaseInput): Promise<boolean> {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<Array<{ holder: string }>>`
    INSERT INTO poller_leases (name, holder, expires_at)
    VALUES (${name}, ${holder}, now() + ${Math.round(ttlMs)}::int * interval '1 millisecond')
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
    WHERE poller_leases.holder = EXCLUDED.holder OR poller_leases.expires_at < now()
    RETURNING holder`;
  return rows.length === 1;
}

/** Gives the lease up at once (a clean stop), so another process need not wait for it to expire. */
export async function releaseLease({ name, holder }: Omit<LeaseInput, "ttlMs">): Promise<void> {
  const prisma = await getPrisma();
  await prisma.pollerLease.deleteMany({ where: { name, holder } });
}
