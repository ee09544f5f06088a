// `npm run privacy -- export --workspace <slug> --email <email>`: prints everything the
// workspace holds about the address, as the JSON the privacy page downloads.
// `npm run privacy -- erase --workspace <slug> --email <email> [--json]`: erases it (the same
// resumable job as the privacy page and the admin's customer page) and prints the receipt.
// `npm run privacy -- rotate-key`: re-encrypts customer names, emails, phones, message
// bodies and customer and session memory (and recomputes the email hashes) under the current
// key. It refuses while the app runs (stop it first, start it after). With APP_ENCRYPTION_KEY,
// set the new key first and list the old one in APP_ENCRYPTION_PREVIOUS_KEYS; without it
// (embedded default), a new DATA_DIR/encryption-key is generated. Resumable: run it again.
// Run with `node --conditions=react-server --import tsx` (npm run privacy does).
import { defineCommandLine, exitWithUsage, readCommandLine } from "./lib/args";

const commandLine = defineCommandLine({
  name: "privacy",
  usage: [
    "npm run privacy -- export --workspace <slug> --email <email>",
    "npm run privacy -- erase --workspace <slug> --email <email> [--json]",
    "npm run privacy -- rotate-key",
  ],
  summary:
    "export: prints everything the workspace holds about the address (JSON).\n" +
    "erase: erases it (the same resumable job as the privacy page) and prints the receipt.\n" +
    "rotate-key: re-encrypts personal data under the current key; stop the app first. Resumable.",
  options: {
    workspace: { type: "string", value: "<slug>", description: "export, erase: the workspace" },
    email: { type: "string", value: "<email>", description: "export, erase: the customer's address" },
    json: { type: "boolean", description: "erase: print the receipt as JSON" },
  },
  positionals: true,
});
const { values, positionals } = readCommandLine(commandLine);
const [command, ...extra] = positionals;
if (command !== "export" && command !== "erase" && command !== "rotate-key")
  exitWithUsage(commandLine, command ? `unknown command ${command}` : "name a command: export, erase or rotate-key");
if (extra.length > 0) exitWithUsage(commandLine, `unexpected argument ${extra[0]}`);
const rotating = command === "rotate-key";
const slug = values.workspace?.trim() ?? "";
if (!rotating && !slug) exitWithUsage(commandLine, "--workspace <slug> is required");

// Loaded after the arguments, so --help and a usage error open nothing.
const { flushBackgroundWork } = await import("../lib/background");
const { closeDatabase, getPrisma } = await import("../lib/db");
const { AppRunningError } = await import("../lib/db/instances");
const { DataDirLockedError } = await import("../lib/db/lock");
const { EncryptionKeyError } = await import("../lib/crypto/pii");
const { rotateEncryptionKey } = await import("../lib/crypto/rotate");
const { EnvError, env } = await import("../lib/env");
const { runErasure, startErasure } = await import("../lib/privacy/erasure");
const { exportPersonalData } = await import("../lib/privacy/export");
const { receiptText } = await import("../lib/privacy/receipt");
const { privacyEmailSchema } = await import("../lib/privacy/verification");

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const parsedEmail = privacyEmailSchema.safeParse({ email: values.email ?? "" });
if (!rotating && !parsedEmail.success) exitWithUsage(commandLine, parsedEmail.error?.issues[0]?.message ?? "Invalid email.");
const email = parsedEmail.data?.email ?? "";

let prisma: Awaited<ReturnType<typeof getPrisma>>;
try {
  env();
  prisma = await getPrisma();
} catch (error) {
  if (error instanceof EnvError) fail(error.message, 1);
  if (error instanceof DataDirLockedError && rotating) {
    fail(
      `The embedded database in ${error.dataDir} is in use by the running server (pid ${error.ownerPid}); ` +
        `only one process may open it. Stop the server, run rotate-key, then start the server again ` +
        `(it reads the new key file).`,
      3,
    );
  }
  if (error instanceof DataDirLockedError) {
    fail(
      `The embedded database in ${error.dataDir} is in use by the running server (pid ${error.ownerPid}); ` +
        `only one process may open it. Either stop the server and run this again, or, with the server running, ` +
        `use the privacy page (/w/${slug}/privacy) or an admin's customer page. With DATABASE_URL set (a PostgreSQL ` +
        `server), this command runs beside the app.`,
      3,
    );
  }
  fail(`Cannot open the database: ${(error as Error).message}`, 1);
}

if (rotating) {
  try {
    let shown = "";
    const result = await rotateEncryptionKey({
      prisma,
      onProgress: ({ table, done, total }) => {
        // One line per table, rewritten in place as its batches commit.
        if (shown && !shown.startsWith(table)) process.stdout.write("\n");
        shown = `${table}: ${done} of ${total}`;
        process.stdout.write(`\r  ${shown}`);
      },
    });
    if (shown) process.stdout.write("\n");
    console.log(
      `Personal data is under key ${result.keyId}${result.generated ? " (new key file generated in DATA_DIR)" : ""}: ` +
        `${result.customers} customers, ${result.messages} messages, ${result.memories} memories and ${result.memoryHistory} memory history entries re-encrypted.`,
    );
    if (result.unreadable > 0)
      console.warn(
        `${result.unreadable} stored values could not be decrypted with any configured key and were left as they were (shown as unreadable).`,
      );
    if (result.duplicateEmails > 0)
      console.warn(`${result.duplicateEmails} customers share an email with another customer of their workspace and have no email hash.`);
    if (result.previousKeysUnused) console.log("No value uses the keys in APP_ENCRYPTION_PREVIOUS_KEYS any more: remove them.");
    await closeDatabase();
    process.exit(0);
  } catch (error) {
    if (error instanceof AppRunningError) {
      await closeDatabase().catch(() => undefined);
      fail(`privacy rotate-key: ${error.message} Nothing was changed.`, 3);
    }
    const hint = error instanceof EncryptionKeyError ? "" : " Run it again to resume.";
    console.error(`\nprivacy rotate-key failed: ${(error as Error).message}${hint}`);
    await closeDatabase().catch(() => undefined);
    process.exit(1);
  }
}

try {
  const workspace = await prisma.workspace.findUnique({ where: { slug }, select: { id: true, name: true } });
  if (!workspace) fail(`No workspace "${slug}".`, 2);
  if (command === "export") {
    console.log(JSON.stringify(await exportPersonalData({ workspaceId: workspace.id, email }), null, 2));
  } else {
    const { requestId } = await startErasure({ workspaceId: workspace.id, email, requestedBy: { type: "system" } });
    const receipt = await runErasure({ requestId });
    console.log(values.json ? JSON.stringify(receipt, null, 2) : receiptText(receipt, workspace.name));
  }
  await flushBackgroundWork();
  await closeDatabase();
  process.exit(0);
} catch (error) {
  console.error(`privacy ${command} failed: ${(error as Error).message}`);
  await closeDatabase().catch(() => undefined);
  process.exit(1);
}
