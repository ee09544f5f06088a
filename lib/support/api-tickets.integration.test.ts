import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as getTicketRoute } from "@/app/api/v1/tickets/[id]/route";
import { POST as postMessageRoute } from "@/app/api/v1/tickets/[id]/messages/route";
import { POST as postTicketRoute } from "@/app/api/v1/tickets/route";
import { hashApiKey } from "@/lib/api/api-keys";
import { apiTicketSchema } from "@/lib/api/schemas";
import { getPrisma } from "@/lib/db";
import { enqueueJob, settleJobs, stopJobWorkers } from "@/lib/jobs";
import { listMemories } from "@/lib/memory/core";
import { OPENING_MEMORY_JOB, requeueUnwrittenOpenings } from "@/lib/support/tickets";
import { makeWorkspace } from "@/test/factories";
import { ownDatabaseForFile } from "@/test/own-database";

// Jobs run here: on PostgreSQL, not on the queue other files' workers share.
ownDatabaseForFile("api_tickets");

// The REST API through its real route handlers, with real keys in the database.

async function makeKey(workspaceId: string, revoked = false) {
  const key = `rk_${randomBytes(18).toString("base64url")}`;
  const prisma = await getPrisma();
  await prisma.apiKey.create({
    data: { workspaceId, name: "test", prefix: key.slice(0, 8), keyHash: hashApiKey(key), revokedAt: revoked ? new Date() : null },
  });
  return key;
}

const request = (url: string, key: string | null, body?: unknown) =>
  new Request(`http://localhost${url}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...(key && { authorization: `Bearer ${key}` }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("REST API v1", () => {
  it("opens a ticket (201), adds a customer message and reads it back", async () => {
    const { workspaceId } = await makeWorkspace("api");
    const key = await makeKey(workspaceId);
    const created = await postTicketRoute(
      request("/api/v1/tickets", key, {
        customer: { email: "Sky@Customers.Example", name: "Sky" },
        subject: "Plug won't pair",
        message: "Blinks blue forever.",
        product: "Lumio Smart Plug",
      }),
    );
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as {
      id: string;
      status: string;
      customer: { email: string };
      messages: Array<{ from: string; body: string }>;
    };
    expect(ticket).toMatchObject({
      status: "open",
      customer: { email: "sky@customers.example" },
      messages: [{ from: "customer", body: "Blinks blue forever." }],
    });

    const replied = await postMessageRoute(
      request(`/api/v1/tickets/${ticket.id}/messages`, key, { message: "Still blinking after a reset." }),
      params(ticket.id),
    );
    expect(replied.status).toBe(201);
    const read = await getTicketRoute(request(`/api/v1/tickets/${ticket.id}`, key), params(ticket.id));
    const readBody = (await read.json()) as { messages: unknown[] };
    expect(readBody.messages).toHaveLength(2);
    // The published response schema (lib/api/schemas.ts, in the OpenAPI document) is what comes back: no field more or less.
    for (const body of [ticket, await replied.json(), readBody]) expect(apiTicketSchema.parse(body)).toEqual(body);
  });

  it("answers 400 with what is wrong and stores nothing", async () => {
    const { workspaceId } = await makeWorkspace("api-bad");
    const key = await makeKey(workspaceId);
    const bad = await postTicketRoute(
      request("/api/v1/tickets", key, { customer: { email: "nope", name: "" }, subject: "", message: "x" }),
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { fields: Record<string, string[]> };
    expect(Object.keys(body.fields)).toEqual(expect.arrayContaining(["customer.email", "customer.name", "subject"]));
    expect((await postTicketRoute(request("/api/v1/tickets", key, "{not json"))).status).toBe(400);
    const prisma = await getPrisma();
    expect(await prisma.ticket.count({ where: { workspaceId } })).toBe(0);
  });

  it("refuses missing or revoked keys, and a key of another workspace gets 404", async () => {
    const acme = await makeWorkspace("api-acme");
    const rival = await makeWorkspace("api-rival");
    const acmeKey = await makeKey(acme.workspaceId);
    const rivalKey = await makeKey(rival.workspaceId);
    const revoked = await makeKey(acme.workspaceId, true);
    const created = await postTicketRoute(
      request("/api/v1/tickets", acmeKey, {
        customer: { email: "a@customers.example", name: "A" },
        subject: "Private",
        message: "Acme only.",
      }),
    );
    const { id } = (await created.json()) as { id: string };

    expect((await postTicketRoute(request("/api/v1/tickets", null, { subject: "x" }))).status).toBe(401);
    expect((await getTicketRoute(request(`/api/v1/tickets/${id}`, revoked), params(id))).status).toBe(401);
    const foreign = await getTicketRoute(request(`/api/v1/tickets/${id}`, rivalKey), params(id));
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain("Acme only");
    expect((await postMessageRoute(request(`/api/v1/tickets/${id}/messages`, rivalKey, { message: "Injected" }), params(id))).status).toBe(
      404,
    );
    const own = (await (await getTicketRoute(request(`/api/v1/tickets/${id}`, acmeKey), params(id))).json()) as { messages: unknown[] };
    expect(own.messages).toHaveLength(1);
  });

  it("refuses text with control characters (400 naming the field) and stores nothing", async () => {
    const { workspaceId } = await makeWorkspace("api-nul");
    const key = await makeKey(workspaceId);
    const refused = await postTicketRoute(
      request("/api/v1/tickets", key, {
        customer: { email: "nul@customers.example", name: "Nul" },
        subject: "Bad bytes",
        message: "Hello\u0000world",
      }),
    );
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { fields: Record<string, string[]> }).fields.message).toEqual([
      "Remove the invisible control characters from this text.",
    ]);
    const prisma = await getPrisma();
    expect(await prisma.ticket.count({ where: { workspaceId } })).toBe(0);
  });
});

describe("the memory of a ticket opened through the API", () => {
  it("is written by a job after the response, once, even when the job runs again", async () => {
    const { workspaceId } = await makeWorkspace("api-job");
    const key = await makeKey(workspaceId);
    const created = await postTicketRoute(
      request("/api/v1/tickets", key, {
        customer: { email: "rowan@customers.example", name: "Rowan" },
        subject: "Hub offline every night",
        message: "The hub drops off the network at 2am and I am furious.",
      }),
    );
    expect(created.status).toBe(201);
    const { id: ticketId, customer } = (await created.json()) as { id: string; customer: { id: string } };
    const prisma = await getPrisma();
    const session = () =>
      listMemories({ workspaceId, target: { scope: "session", customerId: customer.id, sessionId: ticketId } }).then((items) =>
        items.map((item) => item.text).sort(),
      );

    await settleJobs();
    const written = await session();
    expect(written.some((text) => text.includes("Hub offline every night"))).toBe(true);
    const ticket = await prisma.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { memoryWrittenAt: true } });
    expect(ticket.memoryWrittenAt).toBeInstanceOf(Date);

    // A second run (a process that died before the queue heard of the first) writes nothing.
    await enqueueJob(OPENING_MEMORY_JOB, { workspaceId, ticketId });
    await settleJobs();
    expect(await session()).toEqual(written);
  });

  it.runIf(process.env.TEST_DB_MODE !== "postgres")(
    "embedded: an opening the stopped process never remembered is queued again at start, and remembered once",
    async () => {
      const { workspaceId } = await makeWorkspace("api-requeue");
      const key = await makeKey(workspaceId);
      await settleJobs();
      // The in-process queue stops before it runs the opening's job, as when the process stops.
      await stopJobWorkers(1000);
      const created = await postTicketRoute(
        request("/api/v1/tickets", key, {
          customer: { email: "kit@customers.example", name: "Kit" },
          subject: "Camera feed frozen",
          message: "The camera feed froze this morning.",
        }),
      );
      const { id: ticketId, customer } = (await created.json()) as { id: string; customer: { id: string } };
      const prisma = await getPrisma();
      expect((await prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } })).memoryWrittenAt).toBeNull();

      expect(await requeueUnwrittenOpenings()).toBeGreaterThanOrEqual(1);
      await settleJobs();
      const session = await listMemories({ workspaceId, target: { scope: "session", customerId: customer.id, sessionId: ticketId } });
      expect(session.filter((item) => item.text.includes("Camera feed frozen"))).toHaveLength(1);
      expect((await prisma.ticket.findUniqueOrThrow({ where: { id: ticketId } })).memoryWrittenAt).toBeInstanceOf(Date);
      expect(await requeueUnwrittenOpenings()).toBe(0);
    },
  );

  it.runIf(process.env.TEST_DB_MODE === "postgres")("is queued in the ticket's transaction: a rollback queues nothing", async () => {
    const { workspaceId } = await makeWorkspace("api-job-rollback");
    const db = await getPrisma();
    await settleJobs();
    const queued = () =>
      db.$queryRaw<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${OPENING_MEMORY_JOB} AND data->>'workspaceId' = ${workspaceId}`;
    await expect(
      db.$transaction(async (tx) => {
        await enqueueJob(OPENING_MEMORY_JOB, { workspaceId, ticketId: crypto.randomUUID() }, { tx });
        expect(
          (await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'workspaceId' = ${workspaceId}`)[0]!
            .n,
        ).toBe(1);
        throw new Error("the ticket could not be written");
      }),
    ).rejects.toThrow("could not be written");
    expect((await queued())[0]!.n).toBe(0);
  });

  it("finds nothing to do for a ticket that is not there (rolled back before an in-process queue ran it)", async () => {
    const { workspaceId } = await makeWorkspace("api-job-missing");
    await enqueueJob(OPENING_MEMORY_JOB, { workspaceId, ticketId: crypto.randomUUID() });
    await settleJobs();
    const db = await getPrisma();
    expect(await db.memoryRecord.count({ where: { workspaceId } })).toBe(0);
  });
});
