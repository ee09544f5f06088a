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
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
