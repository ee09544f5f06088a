// `npm install` runs this (the `prepare` script): points git at the repository's own hook
// folder, .githooks. Outside a git checkout (a packed tarball, a Docker build) there is
// nothing to install, and it says so.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

if (!fs.existsSync(".git")) {
  console.log("install-hooks: not a git checkout; no hooks installed.");
} else {
  const result = spawnSync("git", ["config", "core.hooksPath", ".githooks"], { stdio: "inherit" });
  if (result.status !== 0) console.warn("install-hooks: could not set core.hooksPath; run `git config core.hooksPath .githooks` yourself.");
}
