// A tiny app process for test/cluster.integration.test.ts, run by test/cluster-primary.ts
// under the console's cluster primary (scripts/lib/cluster.ts): the real worker is a Next
// server and needs a `next build`. It listens on PORT as scripts/server.ts does, shuts down
// as it does, counts requests with the app's own limiter and metrics, and tells its pid.
// Run with node --conditions=react-server --import tsx.
import { createServer } from "node:http";
import { parseEnv } from "../lib/env";
import { RateLimitedError } from "../lib/errors";
import { closeRateLimitStore, consumeLimit } from "../lib/http/rate-limit";
import { observeRoute, processMetrics, processMetricsText } from "../lib/metrics/registry";
import { onShutdown } from "../lib/shutdown";
import { installGracefulShutdown } from "../scripts/lib/graceful-shutdown";

const config = parseEnv();
processMetrics();
const reply = (response: import("node:http").ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
};
const server = createServer((request, response) => {
  const started = performance.now();
  const url = new URL(request.url ?? "/", "http://localhost");
  const done = (status: number, body: unknown) => {
    observeRoute({ method: request.method ?? "GET", route: url.pathname, status, seconds: (performance.now() - started) / 1000 });
    reply(response, status, body);
  };
  if (url.pathname === "/pid") return done(200, { pid: process.pid });
  if (url.pathname === "/slow") {
    setTimeout(() => done(200, { pid: process.pid, finished: true }), Number(url.searchParams.get("ms") ?? 500));
    return;
  }
  if (url.pathname === "/limited") {
    const rule = { name: url.searchParams.get("rule")!, points: Number(url.searchParams.get("points")), windowSeconds: 60 };
    consumeLimit(rule, url.searchParams.get("key")!).then(
      () => done(200, { pid: process.pid }),
      (error: unknown) => (error instanceof RateLimitedError ? done(429, { pid: process.pid }) : done(500, { error: String(error) })),
    );
    return;
  }
  if (url.pathname === "/metrics") {
    void processMetricsText().then((text) => {
      response.writeHead(200, { "content-type": "text/plain" });
      response.end(text);
    });
    return;
  }
  reply(response, 404, {});
});
onShutdown("rate-limit store", closeRateLimitStore);
onShutdown("log", () => console.log(`worker ${process.pid} closed`));
installGracefulShutdown(server, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS, log: () => undefined });
server.listen(config.PORT, "127.0.0.1");
