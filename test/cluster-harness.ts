// Starting a cluster (the console's server or test/cluster-primary.ts) for a test, and
// talking to it one connection per request: the primary hands out connections, not
// requests, so a kept-alive connection would always reach the same worker.
import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export function request(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = http.get({ host: "127.0.0.1", port, path, agent: false, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    sent.setTimeout(15_000, () => sent.destroy(new Error(`No answer to ${path} within 15 s`)));
    sent.on("error", reject);
  });
}

export interface RunningCluster {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** Pids of the workers the primary reported serving, in order. */
  served: () => number[];
  waitFor: (test: () => boolean, what: string, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
}

/** Spawns `node <args>` and waits until `workers` app processes are serving. */
export async function startCluster(options: {
  args: string[];
  env: NodeJS.ProcessEnv;
  workers: number;
  timeoutMs?: number;
}): Promise<RunningCluster> {
  const port = Number(options.env.PORT);
  // Info lines: the harness reads "App process N is serving" and the tests read request lines.
  const child = spawn(process.execPath, options.args, { env: { ...options.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const served = () => [...output.matchAll(/App process (\d+) is serving/g)].map((match) => Number(match[1]));
  const waitFor = async (test: () => boolean, what: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) while waiting for ${what}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await waitFor(() => served().length >= options.workers, `${options.workers} app processes`, options.timeoutMs);
  return { child, port, output: () => output, served, waitFor, exited };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
