# syntax=docker/dockerfile:1
# The console's image: `docker build -t recall-desk .`, or `docker compose up --build`
# (compose.yaml). Server mode wants DATABASE_URL, AUTH_SECRET and APP_ENCRYPTION_KEY; without
# DATABASE_URL it runs the embedded database in DATA_DIR (mount a volume there).
#
# Not Next's standalone output: its generated server.js would replace scripts/server.ts, which
# derives the client address for rate limits from the socket and TRUSTED_PROXIES and shuts
# down gracefully; and its file tracing starts from the app's pages, so it would not carry the
# server's own imports, prisma/migrations or lib/auth/common-passwords.txt (read at run
# time). The runtime stage takes the built app and the production node_modules instead.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 MEM0_TELEMETRY=false PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Compilers only for better-sqlite3 (a peer of mem0ai), if no prebuilt binary can be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# Dependencies first, so a source change does not reinstall them. postinstall generates the
# Prisma client into lib/db/generated from the schema.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs scripts/install-hooks.mjs ./scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN node node_modules/next/dist/bin/next build && rm -rf .next/cache
# The custom server as one ES module (tsx, which runs it in development, is a dev dependency);
# next, zod and proxy-addr stay imports from node_modules.
RUN node_modules/.bin/esbuild scripts/server.ts --bundle --platform=node --format=esm --target=node20 --packages=external --outfile=dist/server.mjs
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 MEM0_TELEMETRY=false \
  HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/.data
# Owned by root and read-only to the app; only DATA_DIR and Next's cache are the app's to write.
COPY --from=build /app/package.json /app/next.config.mjs ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/public ./public
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/lib/auth/common-passwords.txt ./lib/auth/common-passwords.txt
COPY --from=build /app/dist/server.mjs ./server.mjs
RUN mkdir -p /app/.data /app/.next/cache && chown node:node /app/.data /app/.next/cache
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Liveness only: the process answers. Readiness (/api/health/ready: database, migrations, jobs)
# is for the load balancer; compose.yaml waits on it before starting the proxy.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains requests for up to SHUTDOWN_TIMEOUT_MS, then exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "server.mjs"]
