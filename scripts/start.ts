// `npm start`: check the environment, build the app if the build is missing or older than
// the sources, then run `next start` (or `next dev` with --dev) on PORT.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { EnvError, parseEnv } from "../lib/env";

const dev = process.argv.includes("--dev");
let config;
try {
  config = parseEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", MEM0_TELEMETRY: "false" };
const next = path.join("node_modules", "next", "dist", "bin", "next");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const buildId = path.join(".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return false;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public"].filter((dir) => fs.existsSync(dir)).map(newestSource);
  const configs = ["next.config.mjs", "package.json", "postcss.config.mjs", "instrumentation.ts"].map((file) => fs.statSync(file).mtimeMs);
  return Math.max(...sources, ...configs) <= built;
}

if (!dev && !buildIsCurrent()) {
  console.log("Building the console (first start or sources changed; about a minute)…");
  const build = spawnSync(process.execPath, [next, "build"], { stdio: "inherit", env: childEnv });
  if (build.status !== 0) {
    console.error("The build failed; see the messages above.");
    process.exit(build.status ?? 1);
  }
}

const child = spawn(process.execPath, [next, dev ? "dev" : "start", "-p", String(config.PORT)], {
  stdio: "inherit",
  env: { ...childEnv, PORT: String(config.PORT) },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
