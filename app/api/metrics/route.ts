import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { prometheusText } from "@/lib/metrics/prometheus";

export const dynamic = "force-dynamic";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Prometheus text format; `Authorization: Bearer $METRICS_TOKEN`. Off (404) when no token is configured. */
export async function GET(request: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response("Not found\n", { status: 404 });
  const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!timingSafeEqual(digest(given), digest(token))) {
    return new Response("Unauthorized\n", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  }
  return new Response(await prometheusText(), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}
