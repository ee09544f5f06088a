// The console's HTTP server: Next.js behind a thin Node server of our own, for the two
// things `next start` cannot do safely:
//   - the client's address. Next copies the socket address into X-Forwarded-For only when
//     the client sent none, so a forged header would pick any rate-limit bucket. Here the
//     address is taken from the socket, walking X-Forwarded-For only through the proxies
//     TRUSTED_PROXIES names, and handed to the app in CLIENT_ADDRESS_HEADER (whatever the
//     client sent under that name is replaced);
//   - the interface: the embedded default listens on 127.0.0.1 unless HOST says otherwise.
// It also shuts down gracefully (scripts/lib/graceful-shutdown.ts), times every request
// (lib/metrics/registry.ts), gives each an id that its log lines carry (lib/log.ts), and in
// server mode runs WEB_CONCURRENCY such processes on the one port (scripts/lib/cluster.ts:
// this script is then their primary, and each of them).
// Run by scripts/start.ts (npm start) and scripts/e2e-server.ts; `--dev` serves `next dev`.
import cluster from "node:cluster";
import { createServer } from "node:http";
import next from "next";
import { CLIENT_ADDRESS_HEADER } from "../lib/http/client-address-header";
import { EnvError, listenHost, parseEnv } from "../lib/env";
import { countsAsInFlight, requestStarted } from "../lib/http/in-flight";
import { loggablePath, REQUEST_ID_HEADER, requestIdFor } from "../lib/http/request-log";
import { log, sendLogsToStdout, withLogContext } from "../lib/log";
import { observeServerRequest, processMetrics, requestKind } from "../lib/metrics/registry";
import { clientAddressOf, parseTrustedProxies } from "../lib/http/trusted-proxies";
import { appProcessCount, runPrimary } from "./lib/cluster";
import { installGracefulShutdown } from "./lib/graceful-shutdown";

// A container's log collector reads stdout (lib/log.ts: other processes log to stderr).
sendLogsToStdout();
let config;
try {
  config = parseEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  log.fatal({ issues: error.issues }, error.message);
  process.exit(1);
}

const dev = process.argv.includes("--dev");
const processes = appProcessCount({ ...config, dev, asked: Boolean(process.env.WEB_CONCURRENCY?.trim()) });
if (cluster.isPrimary && processes.note) log.warn(processes.note);
if (cluster.isPrimary && processes.count > 1) {
  // The primary serves nothing: a worker's drain is bounded by SHUTDOWN_TIMEOUT_MS, then up
  // to 5 s to close its resources (graceful-shutdown.ts); past both, with a margin, it is killed.
  const code = await runPrimary({ workers: processes.count, stopTimeoutMs: config.SHUTDOWN_TIMEOUT_MS + 7000 });
  process.exit(code);
}

// Created before the app starts, so a cluster primary asking for metrics finds every worker answering.
processMetrics();
const host = listenHost(config);
const trust = parseTrustedProxies(config.TRUSTED_PROXIES);
const app = next({ dev, hostname: host === "0.0.0.0" ? "localhost" : host, port: config.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  const started = performance.now();
  const kind = requestKind(request);
  if (countsAsInFlight({ kind, url: request.url, accept: request.headers.accept })) response.once("close", requestStarted());
  // Whatever the client sent under this name is replaced, unless a trusted proxy connected.
  const requestId = requestIdFor({ header: request.headers[REQUEST_ID_HEADER], socketAddress: request.socket.remoteAddress, trust });
  request.headers[REQUEST_ID_HEADER] = requestId;
  response.setHeader(REQUEST_ID_HEADER, requestId);
  response.once("finish", () =>
    observeServerRequest({
      kind,
      method: request.method ?? "GET",
      status: response.statusCode,
      seconds: (performance.now() - started) / 1000,
    }),
  );
  // Once the answer is sent or the connection dropped. Static files (a page pulls dozens)
  // are logged at debug only.
  response.once("close", () => {
    const line = {
      requestId,
      method: request.method,
      path: loggablePath(request.url),
      status: response.statusCode,
      durationMs: Math.round(performance.now() - started),
      ...(!response.writableFinished && { aborted: true }),
    };
    if (kind === "static") log.debug(line, "request");
    else log.info(line, "request");
  });
  request.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(
    { socketAddress: request.socket.remoteAddress, forwardedFor: request.headers["x-forwarded-for"] },
    trust,
  );
  // The app never reads X-Forwarded-For itself; Next does (for its own request metadata),
  // so an untrusted value is dropped here rather than passed on.
  if (!config.TRUSTED_PROXIES) delete request.headers["x-forwarded-for"];
  // Everything the app logs while serving the request carries its id (lib/log.ts).
  withLogContext({ requestId }, () => void handle(request, response));
});
server.listen(config.PORT, host, () => {
  log.info(
    `Listening on http://${host}:${config.PORT}${host === "127.0.0.1" ? " (this machine only; set HOST=0.0.0.0 to serve others)" : ""}`,
  );
});

// SIGTERM (docker stop, a deploy) or Ctrl-C: readiness turns 503, no new connections, the
// requests in flight finish within SHUTDOWN_TIMEOUT_MS, then the database pools close.
installGracefulShutdown(server, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
