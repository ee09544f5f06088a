// Headers every response carries, static files and route handlers included. The per-page
// ones (the Content-Security-Policy with its nonce, Referrer-Policy, HSTS) come from
// proxy.ts and lib/security/headers.ts; the two sets never name the same header.
const everyResponse = [
  // A JSON, NDJSON or CSV answer is never sniffed into HTML or script.
  { key: "X-Content-Type-Options", value: "nosniff" },
  // frame-ancestors 'none' says the same to browsers that read CSP.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

// Route handlers (the proxy skips /api): nothing in their answers may run, load or be
// framed. Inline styles only for next-auth's own small HTML pages (sign-out, errors).
const routeHandlers = [
  { key: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" },
  { key: "Referrer-Policy", value: "no-referrer" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [
      { source: "/:path*", headers: everyResponse },
      { source: "/api/:path*", headers: routeHandlers },
    ];
  },
  // These load WASM, native modules or optional peers at run time: keep them out of the bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "mem0ai",
    "better-sqlite3",
    // Loaded on first use, only with SMTP_URL set (lib/mail/send.ts).
    "nodemailer",
    // Inbound mail (lib/mail/inbound.ts): a MIME parser with charset tables, kept out of the bundle.
    "mailparser",
    // One copy per process, shared with scripts/server.ts: its cluster IPC and registries are per module.
    "prom-client",
    // The job queue in server mode (lib/jobs/server.ts): it requires pg, which stays external too.
    "pg-boss",
  ],
  // Files on a reply or on the public form travel in the server action's body: room for the
  // default 10 MB of files per message (ATTACHMENT_MAX_MESSAGE_BYTES) and the text around them.
  // The action still checks each file against the limits (lib/attachments/files.ts).
  experimental: { serverActions: { bodySizeLimit: "12mb" }, proxyClientMaxBodySize: "12mb" },
  poweredByHeader: false,
  // The build type-checks the app; `npm test` type-checks everything (tests, scripts) first.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  typedRoutes: false,
};

export default nextConfig;
