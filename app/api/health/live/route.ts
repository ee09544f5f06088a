import { publicRoute } from "@/lib/http/boundary";

export const dynamic = "force-dynamic";

/** Liveness: the process answers HTTP. Touches no database, so a slow database never gets a live process restarted. */
export const GET = publicRoute({}, () => Promise.resolve({ body: { live: true }, headers: { "cache-control": "no-store" } }));
