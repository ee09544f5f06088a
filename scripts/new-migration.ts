// Creates prisma/migrations/<timestamp>_<name>/migration.sql from the change between the
// schema at a git revision (default HEAD; none for the first migration) and the working
// prisma/schema.prisma. `prisma migrate dev` cannot run offline (it downloads its native
// schema engine), so this drives Prisma's WASM schema engine directly.
//
//   npm run db:new-migration -- <name> [--from <git-rev>|--from-empty]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

const args = process.argv.slice(2);
const name = args.find((arg) => !arg.startsWith("--"));
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <snake_case_name> [--from <git-rev>|--from-empty]");
  process.exit(2);
}
const fromIndex = args.indexOf("--from");
const fromRev = fromIndex >= 0 ? args[fromIndex + 1] : "HEAD";
const schemaPath = "prisma/schema.prisma";
const current = fs.readFileSync(schemaPath, "utf8");

function previousSchema(): string | null {
  if (args.includes("--from-empty")) return null;
  try {
    return execFileSync("git", ["show", `${fromRev}:${schemaPath}`], { encoding: "utf8", stdio: "pipe" });
  } catch {
    return null;
  }
}

async function loadEngine() {
  // The package's entry imports its .wasm as an ES module, which Node cannot do; load the
  // glue file and instantiate the module ourselves.
  const dir = path.join(process.cwd(), "node_modules", "@prisma", "schema-engine-wasm");
  const glue = (await import(path.join(dir, "schema_engine_bg.js"))) as typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return glue;
}

const glue = await loadEngine();
const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(new PGlite()));
const engine = await glue.SchemaEngine.new({ datamodels: [[schemaPath, current]] }, () => {}, adapter);
const before = previousSchema();
const result = await engine.diff({
  from: before ? { tag: "schemaDatamodel", files: [{ path: schemaPath, content: before }] } : { tag: "empty" },
  to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: current }] },
  script: true,
  exitCode: null,
  filters: { externalTables: [], externalEnums: [] },
});
const sql = (result.stdout ?? "").trim();
if (!sql || sql === "-- This is an empty migration.") {
  console.log("The schema has not changed: no migration written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
fs.writeFileSync(path.join("prisma", "migrations", "migration_lock.toml"), 'provider = "postgresql"\n');
console.log(`Wrote ${path.join(dir, "migration.sql")}`);
process.exit(0);
