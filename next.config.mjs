/** @type {import('next').NextConfig} */
const nextConfig = {
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
  ],
  poweredByHeader: false,
  // The build type-checks the app; `npm test` type-checks everything (tests, scripts) first.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  typedRoutes: false,
};

export default nextConfig;
