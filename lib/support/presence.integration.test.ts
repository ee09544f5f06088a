import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { heartbeatPresence, listPresence } from "./presence";
import { ReplyCollisionError } from "./reply-collision";
import { addCustomerMessage } from "./customer-messages";
import { addAgentMessage, getTicketDetail } from "./tickets";

describe("ticket presence", () => {
  it("two agents on a ticket see each other, viewing or typing, and not themselves", async () => {
    const workspace = await makeWorkspace("presence");
    const dana = await makeAgent(workspace, "Dana");
    const sam = await makeAgent(workspace, "Sam");
    const ticket = await makeTicket(workspace);

    expect(await heartbeatPresence({ actor: dana, ticketId: ticket.id, state: "viewing" })).toEqual({ others: [] });
    expect(await heartbeatPresence({ actor: sam, ticketId: ticket.id, state: "typing" })).toEqual({
      others: [{ userId: dana.userId, name: "Dana", state: "viewing" }],
    });
    expect((await heartbeatPresence({ actor: dana, ticketId: ticket.id, state: "viewing" })).others).toEqual([
      { userId: sam.userId, name: "Sam", state: "typing" },
    ]);
    // Another ticket is another room.
    const other = await makeTicket(workspace);
    expect((await heartbeatPresence({ actor: dana, ticketId: other.id, state: "viewing" })).others).toEqual([]);

    // Leaving takes the row away at once; heartbeats keep one row per agent and ticket.
    await heartbeatPresence({ actor: sam, ticketId: ticket.id, state: "left" });
    expect(await listPresence({ actor: dana, ticketId: ticket.id })).toEqual([]);
    const prisma = await getPrisma();
    expect(await prisma.ticketPresence.count({ where: { ticketId: ticket.id } })).toBe(1);
  });

  it("ignores an entry not refreshed within 20 seconds, then clears it", async () => {
    const workspace = await makeWorkspace("presence-stale");
    const dana = await makeAgent(workspace, "Dana");
    const sam = await makeAgent(workspace, "Sam");
    const ticket = await makeTicket(workspace);
    const start = new Date();
    await heartbeatPresence({ actor: dana, ticketId: ticket.id, state: "typing", now: start });

    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    expect((await heartbeatPresence({ actor: sam, ticketId: ticket.id, state: "viewing", now: at(15) })).others).toHaveLength(1);
    expect((await heartbeatPresence({ actor: sam, ticketId: ticket.id, state: "viewing", now: at(21) })).others).toEqual([]);
    const prisma = await getPrisma();
    expect(await prisma.ticketPresence.count({ where: { ticketId: ticket.id, userId: dana.userId } })).toBe(1);
    await heartbeatPresence({ actor: sam, ticketId: ticket.id, state: "viewing", now: at(61) });
    expect(await prisma.ticketPresence.count({ where: { ticketId: ticket.id, userId: dana.userId } })).toBe(0);
  });

  it("another workspace never sees who is on a ticket, nor can it beat on one", async () => {
    const acme = await makeWorkspace("presence-acme");
    const rival = await makeWorkspace("presence-rival");
    const dana = await makeAgent(acme, "Dana");
    const outsider = await makeAgent(rival, "Outsider");
    const ticket = await makeTicket(acme);
    await heartbeatPresence({ actor: dana, ticketId: ticket.id, state: "typing" });

    await expect(heartbeatPresence({ actor: outsider, ticketId: ticket.id, state: "viewing" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await listPresence({ actor: outsider, ticketId: ticket.id })).toEqual([]);
    expect(await listPresence({ actor: acme.admin, ticketId: ticket.id })).toEqual([
      { userId: dana.userId, name: "Dana", state: "typing" },
    ]);
  });
});

describe("reply collisions", () => {
  it("refuses a reply once when a colleague replied since the draft began, then sends it with override", async () => {
    const workspace = await makeWorkspace("collision");
    const dana = await makeAgent(workspace, "Dana");
    const sam = await makeAgent(workspace, "Sam");
    const ticket = await makeTicket(workspace);
    const opened = await getTicketDetail({ actor: sam, ticketId: ticket.id });
    const seenMessageId = opened.messages.at(-1)!.id;

    // Sam starts a draft; Dana replies first.
    await addAgentMessage({ actor: dana, message: { ticketId: ticket.id, kind: "AGENT", body: "Dana's answer", seenMessageId } });
    const draft = { ticketId: ticket.id, kind: "AGENT" as const, body: "Sam's answer", seenMessageId };
    const refused = await addAgentMessage({ actor: sam, message: draft }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReplyCollisionError);
    expect((refused as ReplyCollisionError).message).toBe("Dana replied just now — review before sending.");
    const afterRefusal = await getTicketDetail({ actor: sam, ticketId: ticket.id });
    expect(afterRefusal.messages.map((message) => message.body)).not.toContain("Sam's answer");
    expect((refused as ReplyCollisionError).latestMessageId).toBe(afterRefusal.messages.at(-1)!.id);

    // "Send anyway", or a send that has seen the latest message, goes through.
    await addAgentMessage({ actor: sam, message: { ...draft, override: true } });
    await addAgentMessage({
      actor: sam,
      message: { ...draft, body: "Follow-up", seenMessageId: (refused as ReplyCollisionError).latestMessageId },
    });
    const sent = await getTicketDetail({ actor: sam, ticketId: ticket.id });
    expect(sent.messages.map((message) => message.body).slice(-3)).toEqual(["Dana's answer", "Sam's answer", "Follow-up"]);
  });

  it("counts the customer's new message and a colleague's note, not the agent's own messages, and says when", async () => {
    const workspace = await makeWorkspace("collision-kinds");
    const dana = await makeAgent(workspace, "Dana");
    const sam = await makeAgent(workspace, "Sam");
    const ticket = await makeTicket(workspace);
    const first = (await getTicketDetail({ actor: sam, ticketId: ticket.id })).messages[0]!.id;
    const latestId = async () => (await getTicketDetail({ actor: sam, ticketId: ticket.id })).messages.at(-1)!.id;

    // Sam's own note does not hold back Sam's reply.
    await addAgentMessage({ actor: sam, message: { ticketId: ticket.id, kind: "NOTE", body: "Checking logs" } });
    await addAgentMessage({ actor: sam, message: { ticketId: ticket.id, kind: "AGENT", body: "Own", seenMessageId: first } });

    // A colleague's internal note does.
    let seen = await latestId();
    await addAgentMessage({ actor: dana, message: { ticketId: ticket.id, kind: "NOTE", body: "I'll take it" } });
    await expect(
      addAgentMessage({ actor: sam, message: { ticketId: ticket.id, kind: "AGENT", body: "Hi", seenMessageId: seen } }),
    ).rejects.toThrow("Dana added an internal note just now — review before sending.");

    // So does the customer's answer; the warning says how long ago, and counts what is new.
    seen = await latestId();
    const wrote = new Date();
    await addCustomerMessage({
      workspaceId: workspace.workspaceId,
      ticketId: ticket.id,
      body: "Any news?",
      via: { actorType: "customer" },
      now: wrote,
    });
    await addCustomerMessage({
      workspaceId: workspace.workspaceId,
      ticketId: ticket.id,
      body: "Hello?",
      via: { actorType: "customer" },
      now: new Date(wrote.getTime() + 1),
    });
    await expect(
      addAgentMessage({
        actor: sam,
        message: { ticketId: ticket.id, kind: "AGENT", body: "Soon", seenMessageId: seen },
        now: new Date(wrote.getTime() + 2 * 60_000),
      }),
    ).rejects.toThrow("The customer wrote 2 minutes ago (2 new messages since you started) — review before sending.");
    // A note is never held back: it does not reach the customer.
    await addAgentMessage({ actor: sam, message: { ticketId: ticket.id, kind: "NOTE", body: "Waiting", seenMessageId: seen } });
    const prisma = await getPrisma();
    expect(await prisma.message.count({ where: { ticketId: ticket.id, authorUserId: sam.userId } })).toBe(3);
  });
});
