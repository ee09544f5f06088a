import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { NotFoundError, RateLimitedError } from "@/lib/errors";
import { closeRateLimitStore } from "@/lib/http/rate-limit";
import { makeAgent, makeTicket, makeWorkspace, type TestWorkspace } from "@/test/factories";
import {
  getFollowedTicket,
  issueTicketLink,
  openPublicTicket,
  rateTicket,
  replyAsCustomer,
  requestTicketLinks,
  TicketLinkError,
} from "./public";
import { revokeTicketLinks } from "./ticket-link-mail";
import { LINK_TTL_MS, readTicketLink, signTicketLink } from "./ticket-links";

// Public ticket links (issue 12, hole 11): signed, bound to a workspace, expiring,
// revocable; a failing link of any kind reads the same, and never answers 500.

afterAll(() => closeRateLimitStore());

async function setup(label: string) {
  const workspace = await makeWorkspace(label);
  const prisma = await getPrisma();
  const { slug } = await prisma.workspace.findUniqueOrThrow({ where: { id: workspace.workspaceId }, select: { slug: true } });
  const email = `casey-${randomUUID().slice(0, 8)}@customers.example`;
  const ticket = await makeTicket(workspace, { email });
  return { workspace, slug, email, ticket };
}

async function mailsTo(workspace: TestWorkspace, email: string) {
  const prisma = await getPrisma();
  const mails = await prisma.outboxMail.findMany({
    where: { workspaceId: workspace.workspaceId, kind: "ticket_link" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return mails.filter((mail) => mail.toAddress === email);
}

const tokensIn = (body: string) => [...body.matchAll(/\/t\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/g)].map((match) => match[1]!);

describe("ticket link tokens", () => {
  it("open their ticket under their own workspace only, until they expire", async () => {
    const { workspace, slug, ticket } = await setup("links");
    const other = await setup("links-other");
    const token = signTicketLink({ workspaceId: workspace.workspaceId, ticketId: ticket.id, kind: "browser", version: 1 });
    expect(readTicketLink(token, workspace.workspaceId)).toMatchObject({ ticketId: ticket.id, kind: "browser", version: 1 });
    expect((await getFollowedTicket({ slug, token })).ticket.number).toBe(ticket.number);

    // Another workspace's slug, or a token that workspace signed for this ticket id: refused.
    await expect(getFollowedTicket({ slug: other.slug, token })).rejects.toBeInstanceOf(TicketLinkError);
    const foreign = signTicketLink({ workspaceId: other.workspace.workspaceId, ticketId: ticket.id, kind: "mail", version: 1 });
    await expect(getFollowedTicket({ slug, token: foreign })).rejects.toBeInstanceOf(TicketLinkError);

    const expired = signTicketLink({
      workspaceId: workspace.workspaceId,
      ticketId: ticket.id,
      kind: "mail",
      version: 1,
      now: new Date(Date.now() - LINK_TTL_MS - 1000),
    });
    expect(readTicketLink(expired, workspace.workspaceId)).toBeNull();
    await expect(getFollowedTicket({ slug, token: expired })).rejects.toBeInstanceOf(TicketLinkError);
    // Expires after 30 days by default.
    expect(readTicketLink(token, workspace.workspaceId, new Date(Date.now() + LINK_TTL_MS + 1000))).toBeNull();

    const wrongVersion = signTicketLink({ workspaceId: workspace.workspaceId, ticketId: ticket.id, kind: "browser", version: 2 });
    await expect(getFollowedTicket({ slug, token: wrongVersion })).rejects.toBeInstanceOf(TicketLinkError);
  });

  it("refuses tampered and malformed tokens the same way, without storing anything", async () => {
    const { workspace, slug, ticket } = await setup("links-fuzz");
    const token = signTicketLink({ workspaceId: workspace.workspaceId, ticketId: ticket.id, kind: "browser", version: 1 });
    const [body, signature] = token.split(".") as [string, string];
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === "A" ? "B" : "A"}${text.slice(at + 1)}`;
    const hostile = [
      flip(body, 5),
      flip(body, body.length - 1),
      `${body}.${flip(signature, 0)}`,
      `${body}.${flip(signature, signature.length - 1)}`,
      `${ticket.id}.${signature}`,
      "",
      "x",
      ".",
      "...",
      `${token}.`,
      `${token}=`,
      ` ${token}`,
      "a".repeat(100_000),
      `enc:v1:${token}`,
      "enc:v1:AAAA:BBBB:CCCC",
      "ticket\u202e.\u0000\u{1F600}",
      `${body.replace(/.$/, "é")}.${signature}`,
      "%2e%2e%2f",
      "<script>alert(1)</script>",
      "' OR 1=1 --",
    ];
    for (const candidate of hostile) {
      expect(readTicketLink(candidate, workspace.workspaceId), candidate.slice(0, 60)).toBeNull();
      await expect(getFollowedTicket({ slug, token: candidate })).rejects.toBeInstanceOf(TicketLinkError);
      await expect(replyAsCustomer({ slug, token: candidate, message: "Hello there", clientKey: randomUUID() })).rejects.toBeInstanceOf(
        TicketLinkError,
      );
      await expect(rateTicket({ slug, token: candidate, score: 1, clientKey: randomUUID() })).rejects.toBeInstanceOf(TicketLinkError);
    }
    const prisma = await getPrisma();
    expect(await prisma.message.count({ where: { ticketId: ticket.id } })).toBe(1);
    // Still the untouched token works.
    expect((await getFollowedTicket({ slug, token })).ticket.number).toBe(ticket.number);
  });
});

describe("revoking a ticket's links", () => {
  it("stops every earlier link, is audited, and can mail the customer a new one", async () => {
    const { workspace, slug, email, ticket } = await setup("revoke");
    const agent = await makeAgent(workspace);
    const before = await issueTicketLink({ workspaceId: workspace.workspaceId, ticketId: ticket.id, kind: "browser" });
    await getFollowedTicket({ slug, token: before });

    const result = await revokeTicketLinks({ actor: agent, ticketId: ticket.id, mailCustomer: true });
    expect(result).toEqual({ linkVersion: 2, mailed: true });
    await expect(getFollowedTicket({ slug, token: before })).rejects.toBeInstanceOf(TicketLinkError);
    await expect(replyAsCustomer({ slug, token: before, message: "Still here?", clientKey: randomUUID() })).rejects.toBeInstanceOf(
      TicketLinkError,
    );

    const [mail] = await mailsTo(workspace, email);
    expect(mail!.subject).toContain(`#${ticket.number}`);
    const [fresh] = tokensIn(mail!.body);
    expect((await getFollowedTicket({ slug, token: fresh! })).ticket.number).toBe(ticket.number);

    const prisma = await getPrisma();
    const audit = await prisma.auditLog.findFirst({
      where: { workspaceId: workspace.workspaceId, action: "ticket.links_revoked", targetId: ticket.id },
    });
    expect(audit).toMatchObject({ actorUserId: agent.userId, actorType: "user" });

    // Another workspace's agent cannot revoke it (nor learn that it exists).
    const stranger = await makeAgent(await makeWorkspace("revoke-other"));
    await expect(revokeTicketLinks({ actor: stranger, ticketId: ticket.id, mailCustomer: true })).rejects.toBeInstanceOf(NotFoundError);
    await expect(revokeTicketLinks({ actor: agent, ticketId: "not-a-uuid", mailCustomer: false })).rejects.toBeInstanceOf(NotFoundError);
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).linkVersion).toBe(2);
  });
});

describe("sending a new link", () => {
  it("mails fresh links to the address's open and recently resolved tickets, and answers the same for an unknown address", async () => {
    const { workspace, slug, email, ticket } = await setup("new-link");
    const prisma = await getPrisma();
    const resolved = await makeTicket(workspace, { email, subject: "Old plug question" });
    await prisma.ticket.update({
      where: { id: resolved.id },
      data: { status: "RESOLVED", resolvedAt: new Date(Date.now() - 3 * 24 * 60 * 60_000) },
    });
    const longAgo = await makeTicket(workspace, { email, subject: "Ancient question" });
    await prisma.ticket.update({
      where: { id: longAgo.id },
      data: { status: "CLOSED", resolvedAt: new Date(Date.now() - 90 * 24 * 60 * 60_000) },
    });

    const known = await requestTicketLinks({ slug, email: email.toUpperCase(), clientKey: randomUUID() });
    const unknownAddress = `nobody-${randomUUID().slice(0, 8)}@example.net`;
    const unknown = await requestTicketLinks({ slug, email: unknownAddress, clientKey: randomUUID() });
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(known.email).toBe(email);

    const [mail] = await mailsTo(workspace, email);
    const tokens = tokensIn(mail!.body);
    const opened = await Promise.all(tokens.map(async (token) => (await getFollowedTicket({ slug, token })).ticket.number));
    expect(opened.sort()).toEqual([ticket.number, resolved.number].sort());
    const [nothing] = await mailsTo(workspace, unknownAddress);
    expect(nothing!.subject).toBe(mail!.subject);
    expect(tokensIn(nothing!.body)).toEqual([]);
  });

  it("is limited per address, whatever the client", async () => {
    const { slug, email } = await setup("new-link-limit");
    for (let attempt = 0; attempt < 3; attempt++) await requestTicketLinks({ slug, email, clientKey: randomUUID() });
    await expect(requestTicketLinks({ slug, email, clientKey: randomUUID() })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("mails the form's sender a verification link that only the mail carries", async () => {
    const { workspace, slug } = await setup("form-mail");
    const email = `new-${randomUUID().slice(0, 8)}@customers.example`;
    const opened = await openPublicTicket({
      slug,
      clientKey: randomUUID(),
      input: { name: "Robin", email, subject: "Plug schedule late", message: "My plug turns on an hour late since the clocks changed." },
    });
    const [mail] = await mailsTo(workspace, email);
    expect(mail!.subject).toContain(`#${opened.number}`);
    // The mail holds none of the form's own text: it cannot carry a message to a stranger.
    expect(mail!.body).not.toContain("clocks changed");
    const [mailed] = tokensIn(mail!.body);
    expect(mailed).not.toBe(opened.token);
    expect(readTicketLink(mailed, workspace.workspaceId)?.kind).toBe("mail");
    expect(readTicketLink(opened.token, workspace.workspaceId)?.kind).toBe("browser");
  });
});
