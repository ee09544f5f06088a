import fs from "node:fs";
import path from "node:path";

// PGlite gives no error when two processes open one data folder, and one of them can then
// silently lose committed rows. A lock file holding the owner's pid turns that into a clear
// refusal. A lock left by a process that no longer exists is taken over.

export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly ownerPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is already open in another process (pid ${ownerPid}). ` +
        `Only one process may use it at a time: stop that process first, ` +
        `or set DATABASE_URL to a PostgreSQL server to run several processes.`,
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

// Locks this process holds, so a second open from inside the same process is refused too,
// while a stale lock that merely carries our pid (containers reuse pids) is taken over.
const held = new Set<string>();

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "db.lock");

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx", mode: 0o600 });
      return makeLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(lockPath);
    if (owner === process.pid && !held.has(lockPath)) {
      return makeLock(lockPath);
    }
    if (owner !== null && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    // Stale lock: remove it and race for a fresh one; "wx" lets exactly one process win.
    fs.rmSync(lockPath, { force: true });
  }
  throw new DataDirLockedError(dataDir, readOwner(lockPath) ?? -1);
}

function makeLock(lockPath: string): DataDirLock {
  held.add(lockPath);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(lockPath);
    if (readOwner(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
  };
  process.once("exit", release);
  return { release };
}
