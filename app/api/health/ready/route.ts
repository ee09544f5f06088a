import { checkReadiness } from "@/lib/health";
import { publicRoute } from "@/lib/http/boundary";

export const dynamic = "force-dynamic";

/** Readiness, for load balancers: 200 when this process should get traffic, else 503 naming the failed checks (lib/health.ts). */
export const GET = publicRoute({}, async () => {
  const readiness = await checkReadiness();
  return { status: readiness.ready ? 200 : 503, body: readiness, headers: { "cache-control": "no-store" } };
});
