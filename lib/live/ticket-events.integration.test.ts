import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { NotFoundError } from "@/lib/errors";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { addAgentMessage, updateTicket } from "@/lib/support/tickets";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { openLiveStream } from "./stream";
import { stopTicketEvents, subscribeTicketEvents, type TicketEvent } from "./ticket-events";

// Live updates: a ticket change made anywhere reaches the streams of its workspace, and only
// those; on a server, a change made by another process (another connection, another pid)
// arrives through LISTEN/NOTIFY.

afterAll(async () => {
  await stopTicketEvents();
  await closeRateLimitStore();
});

function collector() {
  const events: TicketEvent[] = [];
  const waiters: Array<() => void> = [];
  return {
    events,
    push: (event: TicketEvent) => {
      events.push(event);
      for (const wake of waiters.splice(0)) wake();
    },
    async until(predicate: (events: TicketEvent[]) => boolean, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!predicate(events)) {
        if (Date.now() > deadline) throw new Error(`no matching event within ${ms} ms: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
  };
}

describe("ticket events", () => {
  it("reach the workspace's subscribers when a ticket changes, and no one else's", async () => {
    const workspace = await makeWorkspace("live");
    const agent = await makeAgent(workspace);
    const ticket = await makeTicket(workspace);
    const other = await makeTicket(workspace);
    const outsider = await makeWorkspace("live-other");

    const all = collector();
    const one = collector();
    const foreign = collector();
    const stops = [
      await subscribeTicketEvents({ workspaceId: workspace.workspaceId }, all.push),
      await subscribeTicketEvents({ workspaceId: workspace.workspaceId, ticketId: ticket.id }, one.push),
      await subscribeTicketEvents({ workspaceId: outsider.workspaceId }, foreign.push),
    ];
    await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "Looking into it.", kind: "AGENT" } });
    await updateTicket({ actor: agent, update: { ticketId: other.id, priority: "HIGH" } });
    await all.until((events) => events.some((event) => event.type === "ticket" && event.ticketId === other.id));
    await one.until((events) => events.length > 0);
    expect(all.events).toContainEqual({ type: "ticket", workspaceId: workspace.workspaceId, ticketId: ticket.id });
    expect(one.events.every((event) => event.type === "ticket" && event.ticketId === ticket.id)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(foreign.events).toEqual([]);
    for (const stop of stops) stop();
  });

  it.runIf(process.env.TEST_DB_MODE === "postgres")("arrive from another process through the server", async () => {
    const workspace = await makeWorkspace("live-proc");
    const ticket = await makeTicket(workspace);
    const seen = collector();
    const stop = await subscribeTicketEvents({ workspaceId: workspace.workspaceId }, seen.push);
    // A second process with its own connection changes the ticket, as another app process would.
    const script = `const pg = require("pg"); const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      c.connect().then(() => c.query("UPDATE tickets SET priority = 'URGENT' WHERE id = $1", [process.argv[1]])).then(() => { console.log(process.pid); return c.end(); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script, ticket.id], { env: process.env });
    expect(Number(stdout.trim())).not.toBe(process.pid);
    await seen.until((events) => events.some((event) => event.type === "ticket" && event.ticketId === ticket.id));
    stop();
  });

  it("streams them to a signed-in page as server-sent events, for its own workspace's tickets only", async () => {
    const workspace = await makeWorkspace("live-sse");
    const agent = await makeAgent(workspace);
    const ticket = await makeTicket(workspace);
    const outsider = await makeAgent(await makeWorkspace("live-sse-other"));
    await expect(openLiveStream({ actor: outsider, ticketId: ticket.id, signal: new AbortController().signal })).rejects.toBeInstanceOf(
      NotFoundError,
    );

    const abort = new AbortController();
    const response = await openLiveStream({ actor: agent, ticketId: ticket.id, signal: abort.signal });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 5000;
      while (!text.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`stream never said ${needle}: ${text}`);
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${text}`);
        text += decoder.decode(value);
      }
    };
    await readUntil("event: ready");
    await addAgentMessage({ actor: agent, message: { ticketId: ticket.id, body: "Pushed, not polled.", kind: "NOTE" } });
    await readUntil(`event: ticket\ndata: {"ticketId":"${ticket.id}"}`);
    abort.abort();
    expect((await reader.read()).done).toBe(true);
  });
});
