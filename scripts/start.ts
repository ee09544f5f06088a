// `npm start`: check the environment, build the app if the build is missing or older than
// the sources, then run the console's server (scripts/server.ts: Next.js, or `next dev`
// with --dev) on HOST:PORT.
import { spawn } from "node:child_process";
import { EnvError, parseEnv } from "../lib/env";
import { ensureBuild, serverArgs } from "./lib/build";

const dev = process.argv.includes("--dev");
let port: number;
try {
  port = parseEnv().PORT;
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", MEM0_TELEMETRY: "false", PORT: String(port) };
if (!dev) ensureBuild(childEnv);

const child = spawn(process.execPath, serverArgs({ dev }), { stdio: "inherit", env: childEnv });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
