// A plain node:http server with the console's shutdown (scripts/lib/graceful-shutdown.ts,
// as scripts/server.ts installs it), for scripts/lib/graceful-shutdown.test.ts: the real
// server needs a `next build` to start. Prints its port, each request it starts, and each
// step the shutdown runs. Run with node --import tsx; SHUTDOWN_TIMEOUT_MS as for the server.
import { createServer } from "node:http";
import { parseEnv } from "../lib/env";
import { onShutdown, shutdownBegun } from "../lib/shutdown";
import { installGracefulShutdown } from "../scripts/lib/graceful-shutdown";

const config = parseEnv();
const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  console.log(`request ${url.pathname}`);
  if (url.pathname === "/ready") {
    response.writeHead(shutdownBegun() ? 503 : 200, { "content-type": "application/json" });
    response.end(JSON.stringify({ ready: !shutdownBegun() }));
    return;
  }
  if (url.pathname === "/slow") {
    setTimeout(
      () => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ finished: true, shuttingDown: shutdownBegun() }));
      },
      Number(url.searchParams.get("ms") ?? 500),
    );
    return;
  }
  // /hang: never answers.
});

onShutdown("database", async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  console.log("closed database");
});
installGracefulShutdown(server, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
