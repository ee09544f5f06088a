import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";

// The server's shutdown with real signals, in a child process: test/shutdown-child.ts wraps
// a plain node:http server in the same installGracefulShutdown as scripts/server.ts (which
// needs a `next build` to start, so it is not spawned here).

interface Child {
  process: ChildProcess;
  output: () => string;
  port: number;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startChild(env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/shutdown-child.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await waitFor(() => /listening \d+/.test(output), "the child server to listen");
  return { process: child, output: () => output, port: Number(/listening (\d+)/.exec(output)![1]), exited };
}

/** A GET (on a connection of its own unless an agent is given); rejects when the connection is cut. */
function get(port: number, path: string, agent: http.Agent | false = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
  });
}

describe("graceful shutdown on SIGTERM", () => {
  it("refuses new connections, lets the request in flight finish, answers 503 on an open connection, closes the pools and exits 0", async () => {
    const child = await startChild({ SHUTDOWN_TIMEOUT_MS: "10000" });
    const slow = get(child.port, "/slow?ms=3000");
    await waitFor(() => child.output().includes("request /slow"), "the slow request to start");
    // A proxy's kept-alive connection, mid-request when the signal comes.
    const kept = await connect(child.port);
    let keptAnswer = "";
    kept.on("data", (chunk: Buffer) => (keptAnswer += chunk.toString()));
    const keptClosed = new Promise<void>((resolve) => kept.on("close", () => resolve()));
    kept.write("GET /ready HTTP/1.1\r\nHost: localhost\r\n");
    await new Promise((resolve) => setTimeout(resolve, 200));

    child.process.kill("SIGTERM");
    await waitFor(() => child.output().includes("SIGTERM: finishing the requests in flight"), "the shutdown to begin");
    await expect(connect(child.port)).rejects.toMatchObject({ code: "ECONNREFUSED" });

    kept.write("\r\n");
    await keptClosed;
    expect(keptAnswer).toMatch(/^HTTP\/1\.1 503 /);
    expect(keptAnswer.toLowerCase()).toContain("connection: close");

    expect(await slow).toEqual({ status: 200, body: JSON.stringify({ finished: true, shuttingDown: true }) });
    expect(await child.exited).toBe(0);
    const output = child.output();
    expect(output).toContain("closed database");
    expect(output).not.toContain("Closed 1 connection");
  }, 60_000);

  it("cuts a request that outlives SHUTDOWN_TIMEOUT_MS, then still closes the pools and exits 0", async () => {
    const child = await startChild({ SHUTDOWN_TIMEOUT_MS: "300" });
    const hanging = get(child.port, "/hang");
    await waitFor(() => child.output().includes("request /hang"), "the request to start");
    const signalled = Date.now();
    child.process.kill("SIGTERM");
    await expect(hanging).rejects.toThrow();
    expect(await child.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(child.output()).toContain("Closed 1 connection(s) still busy after 300 ms");
    expect(child.output()).toContain("closed database");
  }, 60_000);

  it("exits at once when nothing is in flight, even with an idle kept-alive connection open", async () => {
    const child = await startChild({ SHUTDOWN_TIMEOUT_MS: "10000" });
    const agent = new http.Agent({ keepAlive: true });
    try {
      expect((await get(child.port, "/ready", agent)).status).toBe(200);
      const signalled = Date.now();
      child.process.kill("SIGINT");
      expect(await child.exited).toBe(0);
      // Far from the 10 s bound: an idle connection is closed, not waited for.
      expect(Date.now() - signalled).toBeLessThan(3000);
      expect(child.output()).toContain("closed database");
    } finally {
      agent.destroy();
    }
  }, 60_000);
});
