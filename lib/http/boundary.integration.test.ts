import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as postMessageRoute } from "@/app/api/v1/tickets/[id]/messages/route";
import { POST as postTicketRoute } from "@/app/api/v1/tickets/route";
import { hashApiKey } from "@/lib/api/api-keys";
import { getPrisma } from "@/lib/db";
import { makeWorkspace } from "@/test/factories";
import { consumeLimit, limits } from "./rate-limit";

// The request boundary as a client meets it: body limits (413), limits (429 with
// Retry-After), and limits that hold across app processes in server mode.

async function makeKey(workspaceId: string) {
  const key = `rk_${randomBytes(18).toString("base64url")}`;
  const prisma = await getPrisma();
  const row = await prisma.apiKey.create({
    data: { workspaceId, name: "test", prefix: key.slice(0, 8), keyHash: hashApiKey(key) },
    select: { id: true },
  });
  return { key, keyId: row.id };
}

const post = (url: string, key: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
    body,
    duplex: "half",
  } as RequestInit);

function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new TextEncoder().encode(" ".repeat(Math.min(64 * 1024, bytes - sent)));
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe("request bodies", () => {
  it("answers 413 for a JSON body past the limit, declared or streamed, and stores nothing", async () => {
    const { workspaceId } = await makeWorkspace("body-limit");
    const { key } = await makeKey(workspaceId);
    const huge = JSON.stringify({
      customer: { email: "big@customers.example", name: "Big" },
      subject: "Large",
      message: "x".repeat(2 * 1024 * 1024),
    });
    const declared = await postTicketRoute(post("/api/v1/tickets", key, huge));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: string }).error).toMatch(/larger than 1 MB/);
    // No Content-Length: the body is counted while it streams in, and reading stops at the limit.
    const streamed = await postTicketRoute(post("/api/v1/tickets", key, streamOf(3 * 1024 * 1024)));
    expect(streamed.status).toBe(413);
    const prisma = await getPrisma();
    expect(await prisma.ticket.count({ where: { workspaceId } })).toBe(0);
  });

  it("answers 400 for bytes that are not UTF-8 JSON, and 404 for an id that cannot exist", async () => {
    const { workspaceId } = await makeWorkspace("body-bad");
    const { key } = await makeKey(workspaceId);
    expect((await postTicketRoute(post("/api/v1/tickets", key, new Uint8Array([0xff, 0xfe, 0x7b])))).status).toBe(400);
    const notAnId = await postMessageRoute(post("/api/v1/tickets/enc:v1:x/messages", key, JSON.stringify({ message: "hi" })), {
      params: Promise.resolve({ id: "enc:v1:x" }),
    });
    expect(notAnId.status).toBe(404);
  });
});

describe("limits", () => {
  it("answers 429 with Retry-After once an API key has used its limit, and stores nothing", async () => {
    const { workspaceId } = await makeWorkspace("api-limit");
    const { key, keyId } = await makeKey(workspaceId);
    await consumeLimit(limits.api, `key:${keyId}`, limits.api.points);
    const refused = await postTicketRoute(
      post(
        "/api/v1/tickets",
        key,
        JSON.stringify({ customer: { email: "x@customers.example", name: "X" }, subject: "Limited", message: "One too many." }),
      ),
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(limits.api.windowSeconds);
    const prisma = await getPrisma();
    expect(await prisma.ticket.count({ where: { workspaceId } })).toBe(0);
  });

  it.runIf(process.env.TEST_DB_MODE === "postgres")("are counted in Redis when REDIS_URL is set, shared by two app processes", () => {
    const rule = JSON.stringify({ name: `redis-${randomUUID().slice(0, 8)}`, points: 5, windowSeconds: 60 });
    const key = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const env = { ...process.env, REDIS_URL: process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379" };
    const run = (times: number) => {
      const child = spawnSync(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", "test/rate-limit-child.ts", rule, key, String(times)],
        { env, encoding: "utf8", timeout: 60_000 },
      );
      if (child.status !== 0)
        throw new Error(`The limiter process failed (is Redis running at ${env.REDIS_URL}? set TEST_REDIS_URL): ${child.stderr}`);
      return JSON.parse(child.stdout.trim().split("\n").pop()!) as { refused: number };
    };
    expect(run(3)).toEqual({ refused: 0 });
    expect(run(6)).toEqual({ refused: 4 });
  });

  it.runIf(process.env.TEST_DB_MODE === "postgres")("are counted in the database, so two app processes share one count", async () => {
    const rule = { name: `shared-${randomUUID().slice(0, 8)}`, points: 5, windowSeconds: 60 };
    const key = `198.51.100.${Math.floor(Math.random() * 250)}`;
    // Three requests here, then six in a second process: 5 allowed in all, so that one refuses 4.
    for (let index = 0; index < 3; index += 1) await consumeLimit(rule, key);
    const child = spawnSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "test/rate-limit-child.ts", JSON.stringify(rule), key, "6"],
      {
        env: { ...process.env },
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(child.stderr).not.toMatch(/Error/);
    expect(JSON.parse(child.stdout.trim().split("\n").pop()!)).toEqual({ refused: 4 });
    await expect(consumeLimit(rule, key)).rejects.toMatchObject({ status: 429 });
    // The table holds keyed hashes, not the address.
    const prisma = await getPrisma();
    const rows = await prisma.$queryRawUnsafe<Array<{ key: string }>>(`SELECT key FROM rate_limits WHERE key LIKE $1`, `${rule.name}:%`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key).not.toContain(key);
  });
});
