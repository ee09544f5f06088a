// postinstall: generate the Prisma client into lib/db/generated.
// Every Prisma CLI command first tries to download its native schema engine, which fails
// offline; generating does not need it, so point the CLI at any existing file instead.
import { spawnSync } from "node:child_process";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
