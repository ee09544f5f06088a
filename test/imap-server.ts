import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";

// A real IMAP server for the mailbox poller's tests: Debian's Dovecot, started in a temporary
// folder with a config file of its own (never /etc/dovecot), on 127.0.0.1 and a free port,
// one passwd-file user and maildir storage. A Dovecot the package installed as a system
// service is not touched: sockets, state and logs all live in the temporary folder.

export const DOVECOT_BINARY = "/usr/sbin/dovecot";

export interface ImapTestServer {
  /** imap://user:password@127.0.0.1:port/INBOX, as IMAP_URL takes it. */
  url: string;
  user: string;
  password: string;
  /** A new, empty mailbox (folder) and its URL, so each test polls its own. */
  newMailbox(name: string): Promise<string>;
  /** Puts a raw RFC 822 message into the mailbox (as a delivery would) and returns its UID. */
  appendMessage(raw: Buffer | string, mailbox?: string): Promise<number>;
  /** The flags each message in the mailbox carries, by UID. */
  flagsByUid(mailbox?: string): Promise<Map<number, Set<string>>>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server's greeting arrives; rejects when Dovecot exits or the time is up. */
async function waitForGreeting(port: number, child: ChildProcess, logFile: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "(no log)");
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Dovecot exited with code ${child.exitCode}:\n${log()}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.setTimeout(1000);
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("* OK"));
      });
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Dovecot did not answer on port ${port} within ${timeoutMs} ms:\n${log()}`);
}

/** The account mail is stored under: Dovecot refuses root, so an unprivileged one when we are root. */
function mailAccount(): { user: string; uid: number; gid: number } {
  if (process.getuid?.() !== 0) {
    const me = os.userInfo();
    return { user: me.username, uid: me.uid, gid: me.gid };
  }
  const passwd = fs.readFileSync("/etc/passwd", "utf8").split("\n");
  for (const name of ["dovecot", "nobody"]) {
    const fields = passwd.find((line) => line.startsWith(`${name}:`))?.split(":");
    if (fields) return { user: name, uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  throw new Error("No unprivileged user (dovecot or nobody) in /etc/passwd for Dovecot's mail files.");
}

export async function startImapTestServer(): Promise<ImapTestServer> {
  if (!fs.existsSync(DOVECOT_BINARY)) {
    throw new Error(
      `No Dovecot at ${DOVECOT_BINARY}: the mailbox poller's tests run a real IMAP server. ` +
        `Install it with: sudo apt-get install dovecot-imapd (Debian/Ubuntu; npm test installs it when run as root).`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-imap-"));
  // mkdtemp makes the folder 0700; Dovecot's unprivileged processes must reach inside it.
  fs.chmodSync(dir, 0o755);
  const account = mailAccount();
  const asRoot = process.getuid?.() === 0;
  const mailDir = path.join(dir, "mail");
  fs.mkdirSync(mailDir);
  if (asRoot) fs.chownSync(mailDir, account.uid, account.gid);
  const user = "support@acme.example";
  const password = randomBytes(12).toString("base64url");
  const usersFile = path.join(dir, "users");
  fs.writeFileSync(usersFile, `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  const logFile = path.join(dir, "dovecot.log");
  const port = await freePort();
  const configFile = path.join(dir, "dovecot.conf");
  fs.writeFileSync(
    configFile,
    [
      `protocols = imap`,
      `listen = 127.0.0.1`,
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${logFile}`,
      `ssl = no`,
      `disable_plaintext_auth = no`,
      `auth_mechanisms = plain login`,
      `mail_location = maildir:~/Maildir`,
      `mail_uid = ${account.uid}`,
      `mail_gid = ${account.gid}`,
      `first_valid_uid = 1`,
      `first_valid_gid = 1`,
      // Not root: every Dovecot process runs as this user (Dovecot's "non-root" setup).
      ...(asRoot ? [] : [`default_internal_user = ${account.user}`, `default_login_user = ${account.user}`]),
      `passdb {`,
      `  driver = passwd-file`,
      `  args = ${usersFile}`,
      `}`,
      `userdb {`,
      `  driver = static`,
      `  args = uid=${account.uid} gid=${account.gid} home=${mailDir}/%n`,
      `}`,
      `service imap-login {`,
      `  inet_listener imap {`,
      `    address = 127.0.0.1`,
      `    port = ${port}`,
      `  }`,
      `  inet_listener imaps {`,
      `    port = 0`,
      `  }`,
      `}`,
      "",
    ].join("\n"),
  );

  const child = spawn(DOVECOT_BINARY, ["-F", "-c", configFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForGreeting(port, child, logFile);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }

  const connect = async () => {
    const client = new ImapFlow({
      host: "127.0.0.1",
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
      disableAutoIdle: true,
    });
    await client.connect();
    return client;
  };

  return {
    url: `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/INBOX`,
    user,
    password,
    async newMailbox(name) {
      const client = await connect();
      try {
        await client.mailboxCreate(name);
      } finally {
        await client.logout();
      }
      return `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    async appendMessage(raw, mailbox = "INBOX") {
      const client = await connect();
      try {
        const appended = await client.append(mailbox, typeof raw === "string" ? Buffer.from(raw) : raw);
        if (!appended || appended.uid === undefined) throw new Error("The IMAP server refused the APPEND.");
        return appended.uid;
      } finally {
        await client.logout();
      }
    },
    async flagsByUid(mailbox = "INBOX") {
      const client = await connect();
      try {
        await client.mailboxOpen(mailbox, { readOnly: true });
        const messages = await client.fetchAll("1:*", { uid: true, flags: true });
        return new Map(messages.map((message) => [message.uid, message.flags ?? new Set<string>()]));
      } finally {
        await client.logout();
      }
    },
    close: stop,
  };
}
