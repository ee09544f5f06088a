import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as getCustomerRoute, PATCH as patchCustomerRoute } from "@/app/api/v1/customers/[id]/route";
import { GET as findCustomersRoute } from "@/app/api/v1/customers/route";
import { POST as postMessageRoute } from "@/app/api/v1/tickets/[id]/messages/route";
import { POST as postTicketRoute } from "@/app/api/v1/tickets/route";
import { hashApiKey } from "@/lib/api/api-keys";
import { apiCustomerListSchema, apiCustomerSchema } from "@/lib/api/schemas";
import { getPrisma } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { createArticle } from "@/lib/knowledge/articles";
import { settleJobs } from "@/lib/jobs";
import { listMemories, type MemoryItem } from "@/lib/memory/core";
import { addCustomerProfile, addProductOwnership } from "@/lib/memory/support-memory";
import { addCustomerMessage } from "@/lib/support/customer-messages";
import { openTicket } from "@/lib/support/tickets";
import { makeAgent, makeWorkspace, type TestWorkspace } from "@/test/factories";
import { confirmLearnedFact, correctLearnedFact, deleteLearnedFact } from "./learned-facts";
import { editCustomerProfile, getCustomerOverview, getTicketCustomerProfile } from "./overview";
import { ownDatabaseForFile } from "@/test/own-database";

// Jobs run here: on PostgreSQL, not on the queue other files' workers share.
ownDatabaseForFile("customers");

// Customer memory written at runtime (issue 13): profile fields set through the REST API and
// by agents, each change rewriting the memory it supersedes; facts learned from verified
// customers' messages by the rules (no model configured here), which agents confirm, correct
// or delete.

async function makeKey(workspaceId: string) {
  const key = `rk_${randomBytes(18).toString("base64url")}`;
  const prisma = await getPrisma();
  await prisma.apiKey.create({ data: { workspaceId, name: "test", prefix: key.slice(0, 8), keyHash: hashApiKey(key), revokedAt: null } });
  return key;
}

const call = (method: string, url: string, key: string, body?: unknown) =>
  new Request(`http://localhost${url}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function customerMemories(workspaceId: string, customerId: string): Promise<MemoryItem[]> {
  return listMemories({ workspaceId, target: { scope: "customer", customerId }, limit: 1000 });
}
const ofType = (memories: MemoryItem[], type: string) => memories.filter((memory) => memory.type === type);
const learned = (memories: MemoryItem[]) => memories.filter((memory) => memory.metadata.learned === true);

async function catalogue(workspace: TestWorkspace) {
  for (const [title, products] of [
    ["Hub drops off the network", ["Lumio Hub"]],
    ["Doorbell does not record at night", ["Lumio Doorbell Cam"]],
    ["Plug pairing", ["Lumio Smart Plug"]],
  ] as const) {
    await createArticle({
      actor: workspace.admin,
      input: { kind: "COMMON_ISSUE", title, body: "Restart it and wait two minutes before trying again.", products: [...products] },
    });
  }
}

async function openApiTicket(key: string, customer: Record<string, unknown>, message = "The hub is offline again.") {
  const response = await postTicketRoute(call("POST", "/api/v1/tickets", key, { customer, subject: "Help please", message }));
  // The opening message's memories are written by a job after the request.
  await settleJobs();
  return { response, body: (await response.json()) as { id: string; customer: { id: string; email: string } } & Record<string, unknown> };
}

describe("customer profile through the REST API", () => {
  it("sets the profile when a ticket is opened, reads it by id and by email, and writes the matching memories", async () => {
    const workspace = await makeWorkspace("profile-api");
    const key = await makeKey(workspace.workspaceId);
    const { response, body: ticket } = await openApiTicket(key, {
      email: "Ada.Park@Customers.Example",
      name: "Ada Park",
      tier: "business",
      company: "Northwind Traders",
      language: "DE",
      timezone: "europe/berlin",
      preferredChannel: "phone",
      products: ["Lumio Hub", "Lumio Smart Plug"],
    });
    expect(response.status).toBe(201);
    const customerId = ticket.customer.id;

    const read = await getCustomerRoute(call("GET", `/api/v1/customers/${customerId}`, key), params(customerId));
    expect(read.status).toBe(200);
    const customer = apiCustomerSchema.parse(await read.json());
    expect(customer).toMatchObject({
      email: "ada.park@customers.example",
      name: "Ada Park",
      tier: "business",
      company: "Northwind Traders",
      language: "de",
      timezone: "Europe/Berlin",
      preferredChannel: "phone",
      products: ["Lumio Hub", "Lumio Smart Plug"],
    });
    const found = await findCustomersRoute(call("GET", "/api/v1/customers?email=ADA.PARK%40customers.example", key));
    expect(apiCustomerListSchema.parse(await found.json()).customers.map((item) => item.id)).toEqual([customerId]);
    const none = await findCustomersRoute(call("GET", "/api/v1/customers?email=nobody%40customers.example", key));
    expect(await none.json()).toEqual({ customers: [] });
    const badLookup = await findCustomersRoute(call("GET", "/api/v1/customers?email=not-an-address", key));
    expect(badLookup.status).toBe(400);
    expect(Object.keys(((await badLookup.json()) as { fields: object }).fields)).toEqual(["email"]);

    const memories = await customerMemories(workspace.workspaceId, customerId);
    expect(ofType(memories, "profile").map((memory) => memory.text)).toEqual([
      "Customer Ada Park, is on the business tier, works at Northwind Traders, writes in German (de), time zone Europe/Berlin.",
    ]);
    expect(memories.filter((memory) => memory.metadata.field === "preferredChannel").map((memory) => memory.text)).toEqual([
      "Prefers to be contacted by phone.",
    ]);
    expect(
      ofType(memories, "product")
        .map((memory) => memory.metadata.product)
        .sort(),
    ).toEqual(["Lumio Hub", "Lumio Smart Plug"]);

    // Audited by field name, never by value: the log outlives an erasure.
    const prisma = await getPrisma();
    const audits = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, action: "customer.profile_updated" },
      select: { summary: true, actorType: true, targetId: true },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorType: "api",
      targetId: customerId,
      summary: { fields: ["tier", "company", "language", "timezone", "preferredChannel", "products"] },
    });
    const everySummary = JSON.stringify(
      await prisma.auditLog.findMany({ where: { workspaceId: workspace.workspaceId }, select: { summary: true } }),
    );
    for (const personal of ["ada.park", "Ada Park", "Northwind"]) expect(everySummary).not.toContain(personal);
  });

  it("replaces the memory a change supersedes: one profile, one channel, the products listed", async () => {
    const workspace = await makeWorkspace("profile-patch");
    const key = await makeKey(workspace.workspaceId);
    const { body: ticket } = await openApiTicket(key, {
      email: "bo@customers.example",
      name: "Bo Berg",
      preferredChannel: "email",
      products: ["Lumio Hub", "Lumio Smart Plug"],
    });
    const customerId = ticket.customer.id;
    // A profile written before, as the demo seed writes it: the first change rewrites it too.
    await addCustomerProfile({
      workspaceId: workspace.workspaceId,
      customerId,
      by: { actorType: "system" },
      profile: { name: "Bo Berg", tier: "free" },
    });
    const patch = (body: unknown) => patchCustomerRoute(call("PATCH", `/api/v1/customers/${customerId}`, key, body), params(customerId));

    expect((await patch({ tier: "enterprise" })).status).toBe(200);
    const second = await patch({ company: "Acme GmbH", preferredChannel: "chat", products: ["Lumio Smart Plug", "Lumio Doorbell Cam"] });
    expect(apiCustomerSchema.parse(await second.json())).toMatchObject({
      tier: "enterprise",
      company: "Acme GmbH",
      preferredChannel: "chat",
      products: ["Lumio Smart Plug", "Lumio Doorbell Cam"],
    });

    const memories = await customerMemories(workspace.workspaceId, customerId);
    expect(ofType(memories, "profile").map((memory) => memory.text)).toEqual([
      "Customer Bo Berg, is on the enterprise tier, works at Acme GmbH.",
    ]);
    expect(memories.filter((memory) => memory.metadata.field === "preferredChannel").map((memory) => memory.text)).toEqual([
      "Prefers to be contacted by chat.",
    ]);
    expect(
      ofType(memories, "product")
        .map((memory) => memory.metadata.product)
        .sort(),
    ).toEqual(["Lumio Doorbell Cam", "Lumio Smart Plug"]);

    // Clearing the channel takes its memory away; a patch that changes nothing writes nothing.
    await patch({ preferredChannel: null });
    const prisma = await getPrisma();
    const before = await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId } });
    expect((await patch({ tier: "enterprise" })).status).toBe(200);
    expect(await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId } })).toBe(before);
    const after = await customerMemories(workspace.workspaceId, customerId);
    expect(after.filter((memory) => memory.metadata.field === "preferredChannel")).toEqual([]);
    expect(await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, action: "customer.profile_updated" } })).toBe(4);
  });

  it("refuses hostile values with a 400 per field and changes nothing", async () => {
    const workspace = await makeWorkspace("profile-hostile");
    const key = await makeKey(workspace.workspaceId);
    const { body: ticket } = await openApiTicket(key, { email: "cy@customers.example", name: "Cy", company: "Good Co" });
    const customerId = ticket.customer.id;
    const refused = await patchCustomerRoute(
      call("PATCH", `/api/v1/customers/${customerId}`, key, {
        company: "Evil\nX-Injected: yes",
        language: "english",
        timezone: "Mars/Olympus",
        preferredChannel: "pigeon",
        products: Array.from({ length: 51 }, (_, index) => `Product ${index}`),
      }),
      params(customerId),
    );
    expect(refused.status).toBe(400);
    const fields = ((await refused.json()) as { fields: Record<string, string[]> }).fields;
    expect(Object.keys(fields).sort()).toEqual(["company", "language", "preferredChannel", "products", "timezone"]);
    expect(fields.company).toEqual(["Keep this on one line."]);

    for (const body of [
      { company: "Invoice\u202Efdp.exe" },
      { products: ["x".repeat(101)] },
      { email: "takeover@evil.example" },
      { tier: "platinum" },
    ]) {
      expect((await patchCustomerRoute(call("PATCH", `/api/v1/customers/${customerId}`, key, body), params(customerId))).status).toBe(400);
    }
    const read = apiCustomerSchema.parse(
      await (await getCustomerRoute(call("GET", `/api/v1/customers/${customerId}`, key), params(customerId))).json(),
    );
    expect(read).toMatchObject({ email: "cy@customers.example", company: "Good Co", tier: "free", products: [] });

    // Opening a ticket with a hostile profile stores nothing at all.
    const prisma = await getPrisma();
    const tickets = await prisma.ticket.count({ where: { workspaceId: workspace.workspaceId } });
    const { response } = await openApiTicket(key, {
      email: "dee@customers.example",
      name: "Dee",
      timezone: "Not/AZone",
      language: "x".repeat(40),
    });
    expect(response.status).toBe(400);
    expect(await prisma.ticket.count({ where: { workspaceId: workspace.workspaceId } })).toBe(tickets);
    expect(await prisma.customer.count({ where: { workspaceId: workspace.workspaceId } })).toBe(1);
  });

  it("keeps each workspace's customers to its own keys", async () => {
    const acme = await makeWorkspace("profile-acme");
    const rival = await makeWorkspace("profile-rival");
    const acmeKey = await makeKey(acme.workspaceId);
    const rivalKey = await makeKey(rival.workspaceId);
    const { body: ticket } = await openApiTicket(acmeKey, { email: "eve@customers.example", name: "Eve", company: "Acme" });
    const customerId = ticket.customer.id;

    const read = await getCustomerRoute(call("GET", `/api/v1/customers/${customerId}`, rivalKey), params(customerId));
    expect(read.status).toBe(404);
    expect(await read.text()).not.toContain("eve@");
    expect(
      (await patchCustomerRoute(call("PATCH", `/api/v1/customers/${customerId}`, rivalKey, { company: "Rival" }), params(customerId)))
        .status,
    ).toBe(404);
    expect(await (await findCustomersRoute(call("GET", "/api/v1/customers?email=eve%40customers.example", rivalKey))).json()).toEqual({
      customers: [],
    });
    expect((await getCustomerRoute(call("GET", "/api/v1/customers/not-a-uuid", acmeKey), params("not-a-uuid"))).status).toBe(404);

    const own = apiCustomerSchema.parse(
      await (await getCustomerRoute(call("GET", `/api/v1/customers/${customerId}`, acmeKey), params(customerId))).json(),
    );
    expect(own.company).toBe("Acme");
    // Nor can a rival's agent reach the customer through the console's verbs.
    const rivalAgent = await makeAgent(rival);
    await expect(editCustomerProfile({ actor: rivalAgent, customerId, patch: { company: "Rival" } })).rejects.toThrow(NotFoundError);
    await expect(getCustomerOverview({ actor: rivalAgent, customerId })).rejects.toThrow(NotFoundError);
  });
});

describe("facts learned from conversations (rules, no model)", () => {
  it("learns catalogue products, the language and the stated preferences of a verified customer, once", async () => {
    const workspace = await makeWorkspace("learn-rules");
    await catalogue(workspace);
    const key = await makeKey(workspace.workspaceId);
    const { body: ticket } = await openApiTicket(
      key,
      { email: "fay@customers.example", name: "Fay" },
      "My Lumio Doorbell Cam v1.2 stops recording at night. Please call me after 6pm CET, I am at work during the day.",
    );
    const customerId = ticket.customer.id;
    const prisma = await getPrisma();
    const first = await prisma.message.findFirstOrThrow({ where: { ticketId: ticket.id }, select: { id: true } });

    const facts = learned(await customerMemories(workspace.workspaceId, customerId));
    expect(facts.map((fact) => fact.text).sort()).toEqual([
      "Best reached after 6pm CET.",
      "Owns Lumio Doorbell Cam, version 1.2 (named in a message).",
      'Prefers to be contacted by phone (said "Please call me").',
    ]);
    for (const fact of facts)
      expect(fact.metadata).toMatchObject({ origin: "learned", learnedBy: "rules", sourceMessageId: first.id, sourceTicketId: ticket.id });

    // The same again adds nothing; something new about a field replaces the earlier guess.
    await postMessageRoute(
      call("POST", `/api/v1/tickets/${ticket.id}/messages`, key, { message: "Still broken. Please call me after 6pm CET." }),
      params(ticket.id),
    );
    expect(learned(await customerMemories(workspace.workspaceId, customerId))).toHaveLength(3);
    await postMessageRoute(
      call("POST", `/api/v1/tickets/${ticket.id}/messages`, key, { message: "Actually, email only please, I cannot take calls now." }),
      params(ticket.id),
    );
    const channel = learned(await customerMemories(workspace.workspaceId, customerId)).filter(
      (fact) => fact.metadata.field === "preferredChannel",
    );
    expect(channel.map((fact) => fact.text)).toEqual(['Prefers to be contacted by email (said "email only").']);

    // The pane shows them as learned, and the profile beside them.
    const agent = await makeAgent(workspace);
    const pane = await getTicketCustomerProfile({ actor: agent, ticketId: ticket.id });
    expect(pane?.learned.map((fact) => fact.text)).toContain('Prefers to be contacted by email (said "email only").');
    expect(pane?.learned.every((fact) => fact.sourceTicketId === ticket.id && fact.learnedBy === "rules")).toBe(true);
  });

  it("learns nothing what the profile already says, and a profile change supersedes the guess", async () => {
    const workspace = await makeWorkspace("learn-profile");
    await catalogue(workspace);
    const key = await makeKey(workspace.workspaceId);
    const { body: ticket } = await openApiTicket(
      key,
      { email: "gus@customers.example", name: "Gus", language: "en", products: ["Lumio Hub"] },
      "The Lumio Hub and my Lumio Smart Plug both drop off the wifi every evening since the update.",
    );
    const memories = await customerMemories(workspace.workspaceId, ticket.customer.id);
    // The Hub was learned from the message, then the profile said so: only the plug is still a guess.
    expect(learned(memories).map((fact) => fact.metadata.product)).toEqual(["Lumio Smart Plug"]);
    expect(ofType(memories, "product").filter((memory) => memory.metadata.product === "Lumio Hub")).toHaveLength(1);

    const agent = await makeAgent(workspace);
    await editCustomerProfile({ actor: agent, customerId: ticket.customer.id, patch: { products: ["Lumio Hub", "Lumio Smart Plug"] } });
    const after = await customerMemories(workspace.workspaceId, ticket.customer.id);
    expect(learned(after)).toEqual([]);
    expect(
      ofType(after, "product")
        .map((memory) => memory.text)
        .sort(),
    ).toEqual(["Owns Lumio Hub.", "Owns Lumio Smart Plug."]);
  });

  it("lets an agent confirm (onto the profile, or as a plain fact), correct or delete what was learned", async () => {
    const workspace = await makeWorkspace("learn-confirm");
    await catalogue(workspace);
    const key = await makeKey(workspace.workspaceId);
    const { body: ticket } = await openApiTicket(
      key,
      { email: "hal@customers.example", name: "Hal" },
      "Der Lumio Hub verliert jeden Abend die Verbindung und ich habe ihn schon neu gestartet, aber es geht nicht. Please call me between 9 and 11am CET.",
    );
    const customerId = ticket.customer.id;
    const agent = await makeAgent(workspace);
    const find = async (field: string) =>
      learned(await customerMemories(workspace.workspaceId, customerId)).find((fact) => fact.metadata.field === field)!;

    const language = await find("language");
    expect(language.text).toBe("Writes in German (de).");
    expect(await confirmLearnedFact({ actor: agent, memoryId: language.id })).toEqual({ field: "language" });
    const product = await find("products");
    expect(await confirmLearnedFact({ actor: agent, memoryId: product.id })).toEqual({ field: "products" });
    const overview = await getCustomerOverview({ actor: agent, customerId });
    expect(overview.customer).toMatchObject({ language: "de", products: ["Lumio Hub"] });
    expect(overview.remembered.find((memory) => memory.type === "profile")?.text).toBe(
      "Customer Hal, is on the free tier, writes in German (de).",
    );
    expect(overview.learned.map((fact) => fact.text)).not.toContain("Writes in German (de).");

    const time = await find("contactTime");
    expect(await confirmLearnedFact({ actor: agent, memoryId: time.id })).toEqual({ field: null });
    const confirmed = (await customerMemories(workspace.workspaceId, customerId)).find((memory) => memory.id === time.id)!;
    expect(confirmed.metadata).toMatchObject({ confirmed: true });
    expect(confirmed.metadata.learned).toBeUndefined();

    const channel = await find("preferredChannel");
    await correctLearnedFact({ actor: agent, memoryId: channel.id, text: "Prefers a call on the mobile, never the landline." });
    const corrected = (await customerMemories(workspace.workspaceId, customerId)).find((memory) => memory.id === channel.id)!;
    expect(corrected).toMatchObject({
      text: "Prefers a call on the mobile, never the landline.",
      metadata: { learned: false, corrected: true, field: null },
    });

    const { body: second } = await openApiTicket(key, { email: "hal@customers.example", name: "Hal" }, "My Lumio Doorbell Cam is offline.");
    const doorbell = learned(await customerMemories(workspace.workspaceId, second.customer.id)).find(
      (fact) => fact.metadata.product === "Lumio Doorbell Cam",
    )!;
    // Another workspace's agent cannot touch it.
    const rival = await makeAgent(await makeWorkspace("learn-rival"));
    await expect(deleteLearnedFact({ actor: rival, memoryId: doorbell.id })).rejects.toThrow(NotFoundError);
    await expect(confirmLearnedFact({ actor: rival, memoryId: doorbell.id })).rejects.toThrow(NotFoundError);
    await deleteLearnedFact({ actor: agent, memoryId: doorbell.id });
    expect((await customerMemories(workspace.workspaceId, customerId)).some((memory) => memory.id === doorbell.id)).toBe(false);

    // Each of these is in the audit log under the agent's name.
    const prisma = await getPrisma();
    const actions = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, actorUserId: agent.userId },
      select: { action: true },
    });
    expect([...new Set(actions.map((entry) => entry.action))]).toEqual(
      expect.arrayContaining(["customer.profile_updated", "memory.added", "memory.updated", "memory.deleted", "memory.confirmed"]),
    );

    expect(learned(await customerMemories(workspace.workspaceId, customerId))).toEqual([]);
  });

  it("learns nothing from a ticket whose sender has not verified the address", async () => {
    const workspace = await makeWorkspace("learn-unverified");
    await catalogue(workspace);
    const email = `ivy-${randomUUID().slice(0, 8)}@customers.example`;
    const opened = await openTicket({
      workspaceId: workspace.workspaceId,
      verified: false,
      ticket: {
        customer: { email, name: "Ivy" },
        subject: "Doorbell",
        body: "My Lumio Doorbell Cam is broken. Please call me after 5pm CET, email only is fine too.",
        channel: "WEB",
      },
    });
    await addCustomerMessage({
      workspaceId: workspace.workspaceId,
      ticketId: opened.id,
      body: "Also my Lumio Hub v3.0 is offline.",
      via: { actorType: "customer" },
    });
    expect(await customerMemories(workspace.workspaceId, opened.customerId)).toEqual([]);
    const agent = await makeAgent(workspace);
    expect(await getTicketCustomerProfile({ actor: agent, ticketId: opened.id })).toBeNull();
  });

  it("keeps older profiles and products written before profiles could be set, until a change replaces them", async () => {
    const workspace = await makeWorkspace("learn-legacy");
    const agent = await makeAgent(workspace);
    const key = await makeKey(workspace.workspaceId);
    const { body: ticket } = await openApiTicket(key, { email: "jo@customers.example", name: "Jo" });
    const customerId = ticket.customer.id;
    const by = { actorType: "system" as const };
    await addProductOwnership({ workspaceId: workspace.workspaceId, customerId, by, product: "Lumio Hub" });
    await editCustomerProfile({ actor: agent, customerId, patch: { timezone: "America/New_York" } });
    expect(ofType(await customerMemories(workspace.workspaceId, customerId), "product").map((memory) => memory.text)).toEqual([
      "Owns Lumio Hub.",
    ]);
    await editCustomerProfile({ actor: agent, customerId, patch: { products: ["Lumio Hub"] } });
    await editCustomerProfile({ actor: agent, customerId, patch: { products: [] } });
    expect(ofType(await customerMemories(workspace.workspaceId, customerId), "product")).toEqual([]);
  });
});
