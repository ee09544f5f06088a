import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const nextBin = path.join("node_modules", "next", "dist", "bin", "next");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when .next holds a production build at least as new as every source file. */
export function buildIsCurrent(): boolean {
  const buildId = path.join(".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return false;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public", "prisma"].filter((dir) => fs.existsSync(dir)).map(newestSource);
  const configs = [
    "next.config.mjs",
    "package.json",
    "postcss.config.mjs",
    "instrumentation.ts",
    "proxy.ts",
    "tsconfig.json",
    "tsconfig.build.json",
  ]
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.statSync(file).mtimeMs);
  return Math.max(...sources, ...configs) <= built;
}

/** Runs `next build` unless the build is current; exits the process if the build fails. */
export function ensureBuild(env: NodeJS.ProcessEnv): void {
  if (buildIsCurrent()) return;
  console.log("Building the console (first start or sources changed; about a minute)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
  if (build.status !== 0) {
    console.error("The build failed; see the messages above.");
    process.exit(build.status ?? 1);
  }
}

/** Node arguments that run the console's server (scripts/server.ts) in this folder. */
export function serverArgs(options: { dev?: boolean } = {}): string[] {
  return ["--import", "tsx", path.join("scripts", "server.ts"), ...(options.dev ? ["--dev"] : [])];
}
