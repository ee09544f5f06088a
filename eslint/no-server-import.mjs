// A local ESLint rule (issue 16): client code (components/ and files marked "use client")
// may not import a lib/ module that starts with `import "server-only"`. Next would fail the
// build too, but only for what a page happens to reach; this says so at the import, for every
// file, including type-only mistakes that pull a server module into a bundle.
import fs from "node:fs";
import path from "node:path";

const serverOnly = new Map();

function isServerOnly(file) {
  if (!serverOnly.has(file)) {
    let head = "";
    try {
      head = fs.readFileSync(file, "utf8").slice(0, 400);
    } catch {
      // Not a file we can read (a folder index, a generated module): nothing to say.
    }
    serverOnly.set(file, /^\s*import\s+["']server-only["'];?/m.test(head));
  }
  return serverOnly.get(file);
}

function resolveLib(root, source) {
  const base = path.join(root, source.slice(2));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

const noServerImport = {
  meta: {
    type: "problem",
    docs: { description: "Client code may not import lib/ modules marked server-only." },
    messages: {
      serverOnly:
        '{{source}} is server-only (it imports "server-only"): client code cannot import it. Pass the data in as props, or call a server action.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const relative = path.relative(root, file);
    const isClient = relative.startsWith(`components${path.sep}`) || /^\s*["']use client["']/.test(context.sourceCode.text.slice(0, 200));
    if (!isClient) return {};
    return {
      ImportDeclaration(node) {
        const source = node.source.value;
        if (typeof source !== "string" || !source.startsWith("@/lib/") || node.importKind === "type") return;
        const resolved = resolveLib(root, source);
        if (resolved && isServerOnly(resolved)) context.report({ node, messageId: "serverOnly", data: { source } });
      },
    };
  },
};

export default noServerImport;
