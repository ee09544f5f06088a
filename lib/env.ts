import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseS3Url, S3UrlError } from "./attachments/s3-url";
import { parseTrustedProxies } from "./http/trusted-proxies";
import { LOG_LEVELS } from "./log";
import { ImapUrlError, parseImapUrl } from "./mail/imap-url";

// Configuration is parsed once, at start-up, from process.env. A bad value stops the app
// with a message naming the variable, instead of failing later in a request.

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

// A 32-byte key as base64 or 64 hex digits (lib/crypto/pii.ts parses it the same way).
const encryptionKey = z
  .string()
  .trim()
  .refine(
    (value) => /^[0-9a-fA-F]{64}$/.test(value) || /^[A-Za-z0-9+/_-]{43}=?$/.test(value),
    "must be 32 bytes as base64 or 64 hex digits (openssl rand -base64 32)",
  );

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Interface to listen on; unset: 127.0.0.1 for the embedded default, every interface in server mode. */
    HOST: optionalString,
    /**
     * Which proxies' X-Forwarded-For to believe: a hop count ("1": one proxy in front) or a
     * comma-separated list of addresses/CIDRs (or loopback, linklocal, uniquelocal). Unset:
     * none; the client address is the socket's.
     */
    TRUSTED_PROXIES: optionalString.refine((value) => {
      try {
        parseTrustedProxies(value);
        return true;
      } catch {
        return false;
      }
    }, "must be a hop count (1) or a comma-separated list of addresses or CIDRs (10.0.0.0/8, loopback)"),
    /** Keep rate-limit counters in this Redis instead of the database (server mode) or memory (embedded). */
    REDIS_URL: optionalString.pipe(
      z
        .string()
        .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
        .optional(),
    ),
    /** Largest JSON body the REST API and route handlers read, in bytes (knowledge import: 20 times this). */
    MAX_JSON_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
    /** Largest raw mail POST /api/v1/inbound/email takes, in bytes (attachments are base64 inside it: about 4/3 of their size). */
    MAX_INBOUND_MAIL_BYTES: z.coerce
      .number()
      .int()
      .min(16 * 1024)
      .max(200 * 1024 * 1024)
      .default(15 * 1024 * 1024),
    /** Largest file kept on a message (inbound mail, the public form, an agent's reply), in bytes. */
    ATTACHMENT_MAX_FILE_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** Largest total of the files on one message, in bytes. */
    ATTACHMENT_MAX_MESSAGE_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /**
     * Keep attached files in this S3-compatible bucket instead of the database:
     * s3://ACCESS_KEY:SECRET@host[:port]/bucket[?region=…&tls=false&forcePathStyle=false].
     */
    S3_URL: optionalString.superRefine((value, context) => {
      if (value === undefined) return;
      try {
        parseS3Url(value);
      } catch (error) {
        if (!(error instanceof S3UrlError)) throw error;
        context.addIssue({ code: "custom", message: error.message });
      }
    }),
    /** The least severe log lines written (lib/log.ts): debug adds static files' requests; warn keeps only problems. */
    LOG_LEVEL: optionalString.pipe(z.enum(LOG_LEVELS).optional()).transform((value) => value ?? "info"),
    /** On SIGTERM or SIGINT, how long requests in flight may take before their connections are closed (scripts/server.ts). */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /**
     * App processes `npm start` runs on PORT in server mode (scripts/lib/cluster.ts); unset:
     * one per core. The embedded database always runs one (PGlite has a single writer).
     */
    WEB_CONCURRENCY: optionalString
      .pipe(z.coerce.number<string | undefined>().int().min(1).max(64).optional())
      .transform((value) => value ?? os.availableParallelism()),
    /**
     * Whether this process runs jobs (lib/jobs) on a server. 0: it only queues them, for web
     * processes beside processes that run the jobs. The embedded database always runs them.
     */
    JOB_WORKERS: z
      .enum(["0", "1", ""])
      .optional()
      .transform((value) => value !== "0"),
    DATA_DIR: z.string().trim().min(1).default(".data"),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must start with postgresql:// (or leave it unset for the embedded database)")
        .optional(),
    ),
    /** A direct (session) connection to the same server, for LISTEN, when DATABASE_URL goes through a transaction pooler. */
    DATABASE_DIRECT_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must start with postgresql://")
        .optional(),
    ),
    SEED_DEMO: flag,
    DEMO_PASSWORD: z.string().min(8, "must be at least 8 characters").default("demo-password"),
    SEED_API_KEY: optionalString.pipe(z.string().min(24, "must be at least 24 characters").optional()),
    AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    /** Encrypts customer names, emails, phones and message bodies at rest; unset: a key file generated in DATA_DIR. */
    APP_ENCRYPTION_KEY: optionalString.pipe(encryptionKey.optional()),
    /** Comma-separated keys that still decrypt, while `npm run privacy -- rotate-key` re-encrypts under the new one. */
    APP_ENCRYPTION_PREVIOUS_KEYS: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(z.array(encryptionKey)),
    NEXTAUTH_URL: optionalString.pipe(z.url().optional()),
    /** A resolved issue is suggested as a knowledge base draft once this many similar tickets were resolved. */
    RESOLUTION_PROMOTION_THRESHOLD: z.coerce.number().int().min(1).max(100).default(3),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
    OPENAI_MODEL: z.string().default("gpt-4o-mini"),
    OPENAI_EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
    /** How long a draft may wait for the model's next words before the agent is told it is too slow. */
    OPENAI_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(20_000),
    /** Send mail (privacy codes, erasure receipts) through this server; unset: mail stays in the outbox admins read at /outbox. */
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
        .optional(),
    ),
    MAIL_FROM: z.string().trim().min(3).default("Recall Desk <no-reply@recall-desk.invalid>"),
    /**
     * A mailbox the server polls for customers' mail (lib/mail/imap-poller.ts), for teams
     * without an inbound hook: imap[s]://user:password@host[:port]/Mailbox (INBOX by default).
     */
    IMAP_URL: optionalString.superRefine((value, context) => {
      if (value === undefined) return;
      try {
        parseImapUrl(value);
      } catch (error) {
        if (!(error instanceof ImapUrlError)) throw error;
        context.addIssue({ code: "custom", message: error.message });
      }
    }),
    /** The slug of the workspace IMAP_URL's mail belongs to; required with IMAP_URL. */
    IMAP_WORKSPACE: optionalString,
    /** Prices in US dollars per million tokens, for the cost-per-ticket metric. */
    LLM_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).default(0.15),
    LLM_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).default(0.6),
    EMBEDDING_PRICE_PER_MTOK: z.coerce.number().min(0).default(0.02),
    /** Bearer token for the Prometheus endpoint /api/metrics; unset turns the endpoint off. */
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    /** Where `npm run eval -- --save` wrote the latest retrieval figures (default DATA_DIR/eval-latest.json). */
    EVAL_RESULTS_FILE: optionalString,
  })
  .superRefine((config, context) => {
    if (config.IMAP_URL && !config.IMAP_WORKSPACE)
      context.addIssue({
        code: "custom",
        path: ["IMAP_WORKSPACE"],
        message: "is required when IMAP_URL is set: the slug of the workspace the mailbox belongs to (as in /w/<slug>/support)",
      });
  });

export type Env = z.infer<typeof envSchema> & {
  /** DATA_DIR resolved against the working directory. */
  dataDir: string;
  databaseMode: "embedded" | "server";
};

export class EnvError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`));
  }
  const parsed = result.data;
  return {
    ...parsed,
    dataDir: path.resolve(parsed.DATA_DIR),
    databaseMode: parsed.DATABASE_URL ? "server" : "embedded",
  };
}

const globalForEnv = globalThis as unknown as { __appEnv?: Env };

/** The parsed environment, read once per process. */
export function env(): Env {
  globalForEnv.__appEnv ??= parseEnv();
  return globalForEnv.__appEnv;
}

/** The interface the server listens on: this machine only for the embedded default, unless HOST says otherwise. */
export function listenHost(config: Pick<Env, "HOST" | "databaseMode">): string {
  return config.HOST ?? (config.databaseMode === "embedded" ? "127.0.0.1" : "0.0.0.0");
}
