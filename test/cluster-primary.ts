// The console's cluster primary (scripts/lib/cluster.ts, as scripts/server.ts runs it in
// server mode) over test/cluster-worker.ts instead of the Next server, for
// test/cluster.integration.test.ts. WEB_CONCURRENCY workers on PORT; run with node --import tsx.
import { runPrimary } from "../scripts/lib/cluster";

const code = await runPrimary({
  workers: Number(process.env.WEB_CONCURRENCY ?? 2),
  exec: "test/cluster-worker.ts",
  args: [],
  execArgv: ["--conditions=react-server", "--import", "tsx"],
  stopTimeoutMs: 10_000,
  restartDelayMs: 200,
  log: (line) => console.log(line.trim()),
});
process.exit(code);
