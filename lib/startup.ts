import "server-only";
import { flushBackgroundWork } from "@/lib/background";
import { checkKeyCanary } from "@/lib/crypto/canary";
import { encryptPersonalDataAtStart } from "@/lib/crypto/complete-pass";
import { closeDatabase, getDatabase } from "@/lib/db";
import { registerInstance } from "@/lib/db/instances";
import { scheduleEmbeddedMaintenance } from "@/lib/db/maintenance";
import { demoStaff } from "@/lib/demo/data";
import { seedDemoHistory } from "@/lib/demo/history";
import { seedDemoMemories } from "@/lib/demo/memories";
import { DEMO_SLUG, seedDemoWorkspace } from "@/lib/demo/seed";
import { env } from "@/lib/env";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { startJobWorkers, stopJobWorkers } from "@/lib/jobs";
import { reembedIfEmbedderChanged } from "@/lib/memory/reembed-job";
import { completeUnfinishedErasures, schedulePrivacySweep } from "@/lib/privacy/schedule";
import { scheduleRetention } from "@/lib/retention/schedule";
import { scheduleObjectSweep } from "@/lib/attachments/sweep";
import { scheduleMailboxPolling } from "@/lib/mail/imap-poller";
import { scheduleMailDelivery } from "@/lib/mail/schedule";
import { scheduleNotifications } from "@/lib/notifications/schedule";
import { scheduleAuditSealing, sealPendingAuditEntries } from "@/lib/audit/seal-schedule";
import { scheduleAuditVerifyAhead } from "@/lib/audit/verify-ahead";
import { stopTicketEvents } from "@/lib/live/ticket-events";
import { onShutdown } from "@/lib/shutdown";
import { log } from "@/lib/log";
// Modules that define jobs (defineJob), loaded before the workers start so every process
// knows every job, whatever the first request imports.
import "@/lib/customers/learned-facts";
import "@/lib/support/message-readings";
import { requeueUnwrittenOpenings } from "@/lib/support/tickets";

/**
 * Runs once when the server starts: parse the environment, open and migrate the database,
 * seed the demo workspace where wanted, and print how to log in.
 */
export async function prepareApp(): Promise<void> {
  const config = env();
  const database = await getDatabase();
  // Personal data at rest (lib/crypto/pii.ts): a wrong key stops the start (the key canary,
  // never user data); rows from before encryption are encrypted now, in batches.
  await checkKeyCanary(database.prisma);
  // Known to rotate-key from here on, which refuses to run beside the app.
  await registerAppInstance(database.prisma);
  // Reads the tables whole only when the keys differ from the last complete pass's
  // (lib/crypto/complete-pass.ts); otherwise one app_settings row, whatever the data's size.
  const { encrypted, unreadable, duplicateEmails } = await encryptPersonalDataAtStart(database.prisma);
  if (encrypted && encrypted.customers + encrypted.messages + encrypted.memories + encrypted.memoryHistory > 0) {
    log.info(
      `Encrypted ${encrypted.customers} customers, ${encrypted.messages} messages, ${encrypted.memories} customer or session memories ` +
        `and ${encrypted.memoryHistory} memory history entries written before encryption at rest.`,
    );
  }
  if (unreadable > 0) {
    log.warn(
      `${unreadable} stored values cannot be decrypted with the configured keys; pages show them as "[unreadable]" ` +
        `(each is logged when read). If they were written under an older key, list it in APP_ENCRYPTION_PREVIOUS_KEYS.`,
    );
  }
  if (duplicateEmails > 0)
    log.warn(
      `${duplicateEmails} customers share an email address (differing only in case) with another customer of their workspace; they are not found by email until merged.`,
    );
  const wantDemo = config.databaseMode === "embedded" || config.SEED_DEMO;
  let seededNow = false;
  if (wantDemo) {
    // Embedded: only on the very first start, so deleting the demo workspace keeps it gone.
    const firstStart = config.databaseMode === "embedded" && (await database.prisma.workspace.findFirst({ select: { id: true } })) === null;
    if (firstStart || config.SEED_DEMO) {
      const result = await seedDemoWorkspace(database.prisma, { password: config.DEMO_PASSWORD, apiKey: config.SEED_API_KEY });
      seededNow = result.seeded;
      if (result.seeded) log.info("Seeded the demo workspace.");
    }
  }
  const demo = await database.prisma.workspace.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } });
  // The process that seeded the tickets writes their memories. Embedded mode also completes
  // a first start that stopped in between (a server may have several processes starting).
  if (demo && (seededNow || (wantDemo && config.databaseMode === "embedded"))) {
    const written = await seedDemoMemories(database.prisma, demo.id);
    if (written > 0) log.info(`Wrote ${written} demo memories through the memory library.`);
    // A first start (or one completing it) also replays the demo's history, after the
    // memories: its drafts cite the knowledge base in agent memory. An existing demo is left
    // as it is.
    if (seededNow || written > 0) {
      const history = await seedDemoHistory(database.prisma, demo.id, {
        onStart: ({ weeks, tickets }) =>
          log.info(`Replaying ${weeks} weeks of demo history (${tickets} tickets) through the app's own functions...`),
      });
      if (history.seeded)
        log.info(
          `Demo history: ${history.tickets} tickets resolved, ${history.withMemory} with a drafted reply citing memory, ${history.ratings} rated.`,
        );
    }
  }

  // An erasure stopped by a crash or restart is finished before anyone is served.
  await completeUnfinishedErasures().catch((error: Error) =>
    log.warn({ err: error }, "unfinished erasures could not be completed now; retried every 5 minutes"),
  );
  const stopPrivacySweep = schedulePrivacySweep();

  // Embedded only: PGlite has no autovacuum. After seeding, so the first run sees the data.
  const stopMaintenance = scheduleEmbeddedMaintenance(database);
  // Retention (lib/retention): a few minutes after start, then hourly.
  const stopRetention = scheduleRetention();
  // With S3_URL: objects whose row is gone, hourly (lib/attachments/sweep.ts); nothing otherwise.
  const stopObjectSweep = scheduleObjectSweep();
  // Replies to customers that are queued, or waiting to be tried again (lib/mail/delivery.ts).
  const stopMailDelivery = scheduleMailDelivery();
  // The bell's SLA warnings and notification mail (lib/notifications).
  const stopNotifications = scheduleNotifications();
  // Audit entries appended while their workspace's chain was held, chained (lib/audit/record.ts).
  const stopAuditSealing = scheduleAuditSealing();
  // Audit chains verified ahead of the audit page where they lag its per-view walk (a job).
  const stopAuditVerifyAhead = scheduleAuditVerifyAhead();
  // IMAP_URL: customers' mail fetched from a mailbox, by one process at a time (lib/mail/imap-poller.ts).
  const stopMailboxPolling = scheduleMailboxPolling();
  // Retention and the privacy sweep are jobs (lib/jobs): pg-boss on a server, in-process embedded.
  if (config.databaseMode === "embedded" || config.JOB_WORKERS) await startJobWorkers();
  if (config.databaseMode === "embedded") {
    const requeued = await requeueUnwrittenOpenings();
    if (requeued > 0) log.info({ tickets: requeued }, "[jobs] queued again the opening memory of tickets the last run left unwritten");
  }

  // Run by scripts/server.ts on SIGTERM once requests have drained, in this order: no new
  // scheduled run starts, the work requests left behind finishes, then the pools close.
  onShutdown("scheduled jobs", () => {
    stopPrivacySweep();
    stopMaintenance();
    stopRetention();
    stopObjectSweep();
    stopMailDelivery();
    stopNotifications();
    stopAuditSealing();
    stopAuditVerifyAhead();
  });
  // Jobs running get a few seconds to finish; on a server the rest are handed back for a retry.
  onShutdown("jobs", () => stopJobWorkers());
  // Before the database closes: the mail in hand is finished and the lease given up.
  if (stopMailboxPolling) onShutdown("mailbox poller", stopMailboxPolling);
  onShutdown("live updates", stopTicketEvents);
  onShutdown("background work", flushBackgroundWork);
  // What this process appended pending is chained before its pool closes.
  onShutdown("audit chain", async () => void (await sealPendingAuditEntries()));
  onShutdown("rate-limit store", closeRateLimitStore);
  onShutdown("database", closeDatabase);

  // Vectors of another embedder: rewritten by a job (on a server, whichever process's worker takes it).
  await reembedIfEmbedderChanged();

  const where = config.databaseMode === "embedded" ? `embedded database in ${config.dataDir}` : "PostgreSQL server (DATABASE_URL)";
  // How to log in to the demo, for the person who started it; never the password itself.
  const demoLogins = demo && {
    demoWorkspace: DEMO_SLUG,
    demoPassword: "DEMO_PASSWORD (default demo-password)",
    demoLogins: demoStaff.map((member) => ({ role: member.role.toLowerCase(), email: member.email })),
  };
  log.info({ database: where, ...demoLogins }, `Recall Desk is ready on http://localhost:${config.PORT}`);
  // The embedded default is a trial with a person at the terminal: the same, readable.
  if (config.databaseMode === "embedded" && process.env.NODE_ENV !== "test") {
    const lines = [``, `  Recall Desk is ready on http://localhost:${config.PORT}`, `  Database: ${where}`];
    if (demo) {
      lines.push(`  Demo logins (workspace "${DEMO_SLUG}", password from DEMO_PASSWORD, default demo-password):`);
      for (const member of demoStaff) lines.push(`    ${member.role.toLowerCase().padEnd(6)} ${member.email}`);
    }
    process.stderr.write(`${lines.join("\n")}\n\n`);
  }
}

const globalForInstance = globalThis as unknown as { __appInstance?: Promise<unknown> };

/** Once per process, even if the start runs again (development reloads). */
function registerAppInstance(prisma: Parameters<typeof registerInstance>[0]): Promise<unknown> {
  globalForInstance.__appInstance ??= registerInstance(prisma);
  return globalForInstance.__appInstance;
}

/** For the server process: a console that cannot reach its database must not pretend to be up. */
export async function prepareAppOrExit(): Promise<void> {
  try {
    await prepareApp();
  } catch (error) {
    log.fatal({ err: error }, `Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}
