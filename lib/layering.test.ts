import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Data access lives in lib/: a page or route calls a named verb (which checks the role), it
// never builds a query itself. Until the lint rule exists, this test holds the line.

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe("layering", () => {
  it("no file under app/ imports the database (lib/db, the Prisma client)", () => {
    const offenders = sourceFiles("app").filter((file) =>
      /from\s+["'](@\/lib\/db(\/[^"']*)?|@prisma\/client|pg)["']/.test(fs.readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("no file under components/ imports a server-only lib module", () => {
    const serverOnly = new Set(
      sourceFiles("lib")
        .filter((file) => /^import\s+["']server-only["']/m.test(fs.readFileSync(file, "utf8")))
        .map((file) => `@/${file.replace(/\.(ts|tsx)$/, "")}`),
    );
    const offenders = sourceFiles("components").filter((file) => {
      const imports = [...fs.readFileSync(file, "utf8").matchAll(/from\s+["'](@\/lib\/[^"']+)["']/g)].map((match) => match[1]!);
      return imports.some((name) => serverOnly.has(name));
    });
    expect(offenders).toEqual([]);
  });
});
