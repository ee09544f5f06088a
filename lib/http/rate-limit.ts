import "server-only";
import { createHmac } from "node:crypto";
import pg from "pg";
import { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from "rate-limiter-flexible";
import { deriveSecret } from "@/lib/auth/secret";
import { env } from "@/lib/env";
import { RateLimitedError } from "@/lib/errors";
import { processSingleton } from "@/lib/singleton";
import { log } from "@/lib/log";

// Limits on public traffic, through rate-limiter-flexible. Server mode keeps the counters
// in the database (table rate_limits), or in Redis when REDIS_URL is set, so every app
// process counts the same requests; the embedded default is one process and counts in memory. Keys are keyed hashes: the table
// holds no addresses or emails, and a key of any length fits its 255 characters.

export interface LimitRule {
  /** Names the counter; also the prefix that keeps rules apart. */
  name: string;
  points: number;
  windowSeconds: number;
  /** Once the points are used, refuse for this long (default: until the window ends). */
  blockSeconds?: number;
}

/** Every limit of the public surface, in one place so SECURITY.md can list them. */
export const limits = {
  openTicket: { name: "open-ticket", points: 5, windowSeconds: 600 },
  customerReply: { name: "customer-reply", points: 30, windowSeconds: 600 },
  rateTicket: { name: "rate-ticket", points: 20, windowSeconds: 600 },
  ticketLink: { name: "ticket-link", points: 5, windowSeconds: 900 },
  ticketLinkAddress: { name: "ticket-link-address", points: 3, windowSeconds: 900 },
  privacyExport: { name: "privacy-export", points: 20, windowSeconds: 600 },
  privacyCodeClient: { name: "privacy-code-client", points: 10, windowSeconds: 900 },
  privacyCodeAddress: { name: "privacy-code-address", points: 3, windowSeconds: 900 },
  privacyVerifyClient: { name: "privacy-verify-client", points: 20, windowSeconds: 900 },
  privacyVerifyTarget: { name: "privacy-verify-target", points: 10, windowSeconds: 900 },
  /** Failed sign-ins of one account, whatever the address: 10 in 15 minutes locks it for 15. */
  signInAccount: { name: "sign-in-account", points: 10, windowSeconds: 900, blockSeconds: 900 },
  /** Failed sign-ins from one address, whatever the account. */
  signInAddress: { name: "sign-in-address", points: 30, windowSeconds: 900, blockSeconds: 900 },
  /** "Forgot password" requests: per client, and per address (known or not, so no hint which exist). */
  passwordResetClient: { name: "password-reset-client", points: 5, windowSeconds: 900 },
  passwordResetAddress: { name: "password-reset-address", points: 3, windowSeconds: 900 },
  /** Submissions of a mailed account link (an invitation, a reset) per client: each may cost a bcrypt. */
  accountLink: { name: "account-link", points: 20, windowSeconds: 900 },
  /** Wrong current passwords on the profile page, per user: a borrowed session is no way to guess it. */
  passwordChange: { name: "password-change", points: 5, windowSeconds: 900, blockSeconds: 900 },
  /** REST API calls per key. */
  api: { name: "api", points: 600, windowSeconds: 60 },
  /** Inbound mail per workspace, whichever key or secret delivers it (a mail loop stops here too). */
  inboundMail: { name: "inbound-mail", points: 300, windowSeconds: 60 },
  // "Continue with single sign-on" tells which domains use SSO; not a list to read out quickly.
  ssoDiscovery: { name: "sso-discovery", points: 30, windowSeconds: 600 },
} satisfies Record<string, LimitRule>;

interface Store {
  redis: Redis | null;
  pool: pg.Pool | null;
  limiters: Map<string, RateLimiterAbstract>;
}

function getStore(): Store {
  return processSingleton("rateLimitStore", (): Store => {
    const config = env();
    if (config.REDIS_URL) {
      // With Redis down, a request fails (500) after two retries rather than waiting forever.
      const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
      redis.on("error", (error) => log.error({ err: error }, "[rate-limit] redis error"));
      return { redis, pool: null, limiters: new Map() };
    }
    const pool = config.DATABASE_URL ? new pg.Pool({ connectionString: config.DATABASE_URL, max: 4 }) : null;
    pool?.on("error", (error) => log.error({ err: error }, "[rate-limit] pool error"));
    return { redis: null, pool, limiters: new Map() };
  });
}

function createLimiter(
  store: Store,
  options: { keyPrefix: string; points: number; duration: number; blockDuration: number },
): RateLimiterAbstract {
  if (store.redis) return new RateLimiterRedis({ ...options, storeClient: store.redis });
  if (store.pool)
    return new RateLimiterPostgres({
      ...options,
      storeClient: store.pool,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      clearExpiredByTimeout: true,
    });
  return new RateLimiterMemory(options);
}

function limiterFor(rule: LimitRule): RateLimiterAbstract {
  const store = getStore();
  const cacheKey = `${rule.name}:${rule.points}:${rule.windowSeconds}:${rule.blockSeconds ?? 0}`;
  let limiter = store.limiters.get(cacheKey);
  if (!limiter) {
    const options = { keyPrefix: rule.name, points: rule.points, duration: rule.windowSeconds, blockDuration: rule.blockSeconds ?? 0 };
    limiter = createLimiter(store, options);
    store.limiters.set(cacheKey, limiter);
  }
  return limiter;
}

function counterKey(key: string): string {
  return createHmac("sha256", deriveSecret("rate-limit")).update(key).digest("base64url");
}

function isResult(value: unknown): value is RateLimiterRes {
  return typeof value === "object" && value !== null && "msBeforeNext" in value && !(value instanceof Error);
}

/** Counts one request against the rule; throws RateLimitedError (429, Retry-After) once it is used up. */
export async function consumeLimit(rule: LimitRule, key: string, points = 1): Promise<RateLimiterRes> {
  try {
    return await limiterFor(rule).consume(counterKey(key), points);
  } catch (rejection) {
    if (isResult(rejection)) throw new RateLimitedError(Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}

/** How much of the rule this key has used, without counting; null when nothing is counted. */
export async function peekLimit(rule: LimitRule, key: string): Promise<{ consumed: number; resetSeconds: number } | null> {
  const result = await limiterFor(rule).get(counterKey(key));
  if (!result) return null;
  return { consumed: result.consumedPoints, resetSeconds: Math.ceil(result.msBeforeNext / 1000) };
}

/** Throws RateLimitedError when the key has used the rule up, without counting this request. */
export async function assertWithinLimit(rule: LimitRule, key: string): Promise<void> {
  const used = await peekLimit(rule, key);
  if (used && used.consumed >= rule.points && used.resetSeconds > 0) throw new RateLimitedError(used.resetSeconds);
}

/** Refuses the key for `seconds` from now (a lockout), whatever it had used. */
export async function blockLimit(rule: LimitRule, key: string, seconds: number): Promise<void> {
  await limiterFor(rule).block(counterKey(key), seconds);
}

/** Forgets the key's count (an admin lifting a lockout, a successful sign-in). */
export async function resetLimit(rule: LimitRule, key: string): Promise<void> {
  await limiterFor(rule).delete(counterKey(key));
}

/** Tests: closes the server pool so a test file can end; the next use opens a new one. */
export async function closeRateLimitStore(): Promise<void> {
  const slot = globalThis as unknown as Record<string, Store | undefined>;
  const current = slot.__recallDesk_rateLimitStore;
  slot.__recallDesk_rateLimitStore = undefined;
  await current?.pool?.end();
  current?.redis?.disconnect();
}
