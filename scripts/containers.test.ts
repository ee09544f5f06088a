import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { listenHost, parseEnv } from "@/lib/env";
import { envKeysRead, readEnvFile } from "@/test/env-file";

// Docker is not installed where these tests run, so `docker compose config` and `docker
// build` cannot. Instead: compose.yaml, the Dockerfile, .dockerignore and deploy/nginx.conf
// are read here and checked against what the app needs (its settings in server mode, the
// files it reads at run time, its health endpoints, its shutdown bound).

interface Service {
  image?: string;
  build?: string;
  env_file?: Array<{ path: string; required?: boolean }>;
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  healthcheck?: { test: string[]; start_period?: string };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  volumes?: string[];
}

const compose = load(fs.readFileSync("compose.yaml", "utf8")) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const { db, app, proxy } = compose.services;
const dockerfile = fs.readFileSync("Dockerfile", "utf8");
const nginx = fs.readFileSync("deploy/nginx.conf", "utf8");
const example = readEnvFile(".env.example");

/** Compose's variable interpolation: ${VAR}, ${VAR:-default} (nested), ${VAR:?error}. */
function interpolate(text: string, vars: Record<string, string | undefined>): string {
  let out = "";
  for (let at = 0; at < text.length;) {
    if (!text.startsWith("${", at)) {
      out += text[at++];
      continue;
    }
    let depth = 0;
    let end = at;
    for (; end < text.length; end++) {
      if (text.startsWith("${", end)) depth++;
      else if (text[end] === "}" && --depth === 0) break;
    }
    const inner = text.slice(at + 2, end);
    const [, name, operator, rest] = /^([A-Z0-9_]+)(?:(:-|:\?)([\s\S]*))?$/.exec(inner)!;
    const value = vars[name!];
    if (operator === ":?" && !value) throw new Error(`${name}: ${rest}`);
    out += operator === ":-" && !value ? interpolate(rest!, vars) : (value ?? "");
    at = end + 1;
  }
  return out;
}

const variablesIn = (text: string) => [...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1]!);

/** The app container's environment as compose would give it: .env (a copy of .env.example, filled in), then `environment`. */
function appEnvironment(dotEnv: Record<string, string>): Record<string, string> {
  const environment = Object.fromEntries(
    Object.entries(app!.environment ?? {}).map(([key, value]) => [key, interpolate(String(value), dotEnv)]),
  );
  return { ...dotEnv, ...environment };
}

const filledIn = {
  ...example.set,
  POSTGRES_PASSWORD: "s3cretpassword",
  AUTH_SECRET: "x".repeat(40),
  APP_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
};

function seconds(duration: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!match) throw new Error(`cannot read the duration ${duration}`);
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60 }[match[2] as "ms" | "s" | "m"];
}

describe("compose.yaml", () => {
  // dclint validates against the Compose specification's JSON schema, as `docker compose
  // config` does before it interpolates (.dclintrc turns its style rules off).
  const dclint = (file: string) =>
    spawnSync(process.execPath, [path.resolve("node_modules/dclint/bin/dclint.cjs"), file], { encoding: "utf8" });

  it("is valid against the Compose specification, and the check catches a key the specification lacks", () => {
    const valid = dclint("compose.yaml");
    expect(valid.stdout + valid.stderr).not.toMatch(/error/i);
    expect(valid.status).toBe(0);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compose-"));
    try {
      const broken = path.join(dir, "compose.yaml");
      fs.writeFileSync(broken, fs.readFileSync("compose.yaml", "utf8").replace(/^(\s+)restart:/m, "$1restarts:"));
      const refused = dclint(broken);
      expect(refused.status).not.toBe(0);
      expect(refused.stdout).toMatch(/invalid-schema/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs two app replicas built from the Dockerfile, behind nginx, on PostgreSQL with pgvector", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["app", "db", "proxy"]);
    expect(db!.image).toBe("pgvector/pgvector:pg16");
    expect(db!.volumes).toContain("db-data:/var/lib/postgresql/data");
    expect(compose.volumes).toHaveProperty("db-data");
    expect(app!.build).toBe(".");
    expect(app!.deploy?.replicas).toBe(2);
    // Replicas cannot share a published port: only the proxy publishes one.
    expect(app!.ports).toBeUndefined();
    expect(proxy!.image).toMatch(/^nginx:1\.(2[89]|[3-9]\d)/);
    expect(proxy!.ports).toEqual(["${PROXY_BIND:-127.0.0.1}:${PROXY_PORT:-8080}:80"]);
    const [source, target] = proxy!.volumes![0]!.split(":");
    expect(fs.existsSync(source!)).toBe(true);
    expect(target).toBe("/etc/nginx/conf.d/default.conf");
  });

  it("gives every service a health check, and starts each only once what it needs is healthy", () => {
    expect(db!.healthcheck?.test.join(" ")).toContain("pg_isready -U recall -d recall_desk");
    expect(db!.healthcheck?.test.join(" ")).toContain(db!.environment!.POSTGRES_USER);
    // The replicas' check is readiness (database, migrations, jobs) on the port they listen on.
    expect(app!.healthcheck?.test.join(" ")).toContain(`http://127.0.0.1:${app!.environment!.PORT}/api/health/ready`);
    expect(proxy!.healthcheck?.test.join(" ")).toContain("/proxy-health");
    expect(nginx).toMatch(/location = \/proxy-health/);
    expect(app!.depends_on).toEqual({ db: { condition: "service_healthy" } });
    expect(proxy!.depends_on).toEqual({ app: { condition: "service_healthy" } });
  });

  it("provides every setting the replicas need in server mode, and parses to server mode behind one proxy", () => {
    // Each replica would otherwise generate its own secret and key into its own DATA_DIR.
    for (const key of ["DATABASE_URL", "AUTH_SECRET", "APP_ENCRYPTION_KEY", "TRUSTED_PROXIES", "HOST", "PORT"])
      expect(app!.environment).toHaveProperty(key);
    // No typo hides behind a default: every name set is one lib/env.ts reads.
    const known = new Set(envKeysRead());
    expect(Object.keys(app!.environment!).filter((key) => !known.has(key))).toEqual([]);
    expect(app!.env_file).toEqual([{ path: ".env", required: false }]);

    const config = parseEnv(appEnvironment(filledIn));
    expect(config.databaseMode).toBe("server");
    expect(config.DATABASE_URL).toBe("postgresql://recall:s3cretpassword@db:5432/recall_desk");
    expect(config.AUTH_SECRET).toBe(filledIn.AUTH_SECRET);
    expect(config.APP_ENCRYPTION_KEY).toBe(filledIn.APP_ENCRYPTION_KEY);
    expect(listenHost(config)).toBe("0.0.0.0");
    expect(config.TRUSTED_PROXIES).toBe("1");
    // A managed PostgreSQL named in .env wins over the compose one.
    expect(parseEnv(appEnvironment({ ...filledIn, DATABASE_URL: "postgresql://app@managed.example:5432/desk" })).DATABASE_URL).toBe(
      "postgresql://app@managed.example:5432/desk",
    );
  });

  it("refuses to start without the shared secrets, and documents every variable it reads in .env.example", () => {
    const text = fs.readFileSync("compose.yaml", "utf8");
    expect(() => interpolate(text, filledIn)).not.toThrow();
    for (const key of ["AUTH_SECRET", "APP_ENCRYPTION_KEY", "POSTGRES_PASSWORD"])
      expect(() => interpolate(text, { ...filledIn, [key]: "" })).toThrow(key);
    const used = new Set(variablesIn(text));
    expect([...used].filter((name) => !example.documented.has(name))).toEqual([]);
  });

  it("gives a replica longer to stop than the server's shutdown may take", () => {
    const { SHUTDOWN_TIMEOUT_MS } = parseEnv(appEnvironment(filledIn));
    // The drain bound, then at most 5 s to close the pools (scripts/lib/graceful-shutdown.ts).
    expect(seconds(app!.stop_grace_period!)).toBeGreaterThan(SHUTDOWN_TIMEOUT_MS / 1000 + 5);
  });
});

describe("deploy/nginx.conf", () => {
  it("balances over the app service's port, and sets the headers the app's checks rely on", () => {
    expect(nginx).toContain(`server app:${app!.environment!.PORT} resolve;`);
    // TRUSTED_PROXIES=1 believes exactly one X-Forwarded-For hop: nginx must replace, not append.
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    // The same-origin check compares Origin with Host, port included.
    expect(nginx).toMatch(/proxy_set_header Host \$http_host;/);
    const bodyLimit = /client_max_body_size (\d+)m;/.exec(nginx);
    expect(Number(bodyLimit?.[1]) * 1024 * 1024).toBeGreaterThanOrEqual(20 * parseEnv({}).MAX_JSON_BODY_BYTES);
  });
});

describe("Dockerfile", () => {
  const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\w+)$/gm)].map((match) => ({ image: match[1]!, name: match[2]! }));
  const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));

  it("builds in one stage and runs Node 20 on Debian slim in another, as a user other than root", () => {
    expect(stages.map((stage) => stage.name)).toEqual(["build", "runtime"]);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=20$/m);
    for (const stage of stages) expect(stage.image).toBe("node:${NODE_VERSION}-bookworm-slim");
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/next\/dist\/bin\/next build/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/^USER root$/m);
  });

  it("checks liveness on the port it exposes, and starts the custom server", () => {
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/api\/health\/live/m);
    expect(runtime).toMatch(/^EXPOSE 3000$/m);
    expect(runtime).toMatch(/PORT=3000/);
    expect(runtime).toMatch(/^CMD \["node", "server\.mjs"\]$/m);
  });

  it("copies every file the app reads from its working folder at run time", () => {
    const readAtRunTime = new Set<string>();
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(full);
        return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [full] : [];
      });
    for (const file of [...sources("lib"), ...sources("app")]) {
      for (const match of fs.readFileSync(file, "utf8").matchAll(/process\.cwd\(\),\s*((?:"[^"]+"\s*,?\s*)+)\)/g)) {
        readAtRunTime.add(path.posix.join(...[...match[1]!.matchAll(/"([^"]+)"/g)].map((part) => part[1]!)));
      }
    }
    expect([...readAtRunTime].sort()).toEqual(["lib/auth/common-passwords.txt", "prisma/migrations"]);
    const copied = [...runtime.matchAll(/^COPY --from=build ((?:\/app\/\S+[ \t]+)+)\S+$/gm)].flatMap((match) =>
      match[1]!
        .trim()
        .split(/\s+/)
        .map((from) => from.replace(/^\/app\//, "")),
    );
    expect([...readAtRunTime].filter((file) => !copied.includes(file))).toEqual([]);
    for (const file of ["package.json", "next.config.mjs", "node_modules", ".next", "public", "dist/server.mjs"])
      expect(copied).toContain(file);
  });

  it("bundles the custom server so that it imports only Node's modules and production dependencies", () => {
    const command = /^RUN (node_modules\/\.bin\/esbuild .*)$/m.exec(dockerfile)?.[1];
    expect(command).toBeDefined();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "recall-server-bundle-"));
    try {
      const args = command!
        .split(" ")
        .slice(1)
        .map((arg) => (arg.startsWith("--outfile=") ? `--outfile=${path.join(out, "server.mjs")}` : arg));
      const result = spawnSync(path.join("node_modules", ".bin", "esbuild"), args, { encoding: "utf8" });
      expect(result.status, result.stderr).toBe(0);
      const bundle = fs.readFileSync(path.join(out, "server.mjs"), "utf8");
      const imported = new Set([...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]!));
      const production = Object.keys(
        (JSON.parse(fs.readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> }).dependencies,
      );
      expect(
        [...imported].filter(
          (name) =>
            !name.startsWith("node:") &&
            !production.includes(name.split("/")[0]!.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0]!),
        ),
      ).toEqual([]);
      expect(imported).toContain("next");
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe(".dockerignore", () => {
  const ignored = fs
    .readFileSync(".dockerignore", "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#") && !line.startsWith("!"));

  it("keeps secrets, local data and installed or built files out of the image", () => {
    for (const entry of [".env", "node_modules", ".next", ".data", "lib/db/generated", ".git"]) expect(ignored).toContain(entry);
  });

  it("keeps everything the build copies from the context", () => {
    const copiedFromContext = [...dockerfile.matchAll(/^COPY (?!--from)((?:\S+[ \t]+)+)\S+$/gm)]
      .flatMap((match) => match[1]!.trim().split(/\s+/))
      .filter((entry) => entry !== ".");
    expect(copiedFromContext.length).toBeGreaterThan(3);
    const isIgnored = (file: string) => ignored.some((entry) => file === entry || file.startsWith(`${entry}/`));
    expect(copiedFromContext.filter(isIgnored)).toEqual([]);
    for (const file of copiedFromContext) expect(fs.existsSync(file), file).toBe(true);
    for (const dir of ["app", "lib", "components", "public", "prisma", "instrumentation.ts", "proxy.ts", "scripts/server.ts"])
      expect(isIgnored(dir), dir).toBe(false);
  });
});
