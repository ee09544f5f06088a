// Seeds one e2e data folder (DATA_DIR, from scripts/e2e-server.ts): the demo workspace and a
// second workspace ("rival") made through the app's own functions, and writes the ids the
// specs need to E2E_FIXTURES_FILE. Run with `node --conditions=react-server --import tsx`.
import fs from "node:fs";
import path from "node:path";
import { hashPassword } from "../lib/auth/password";
import { closeDatabase, getPrisma } from "../lib/db";
import { seedDemoHistory } from "../lib/demo/history";
import { seedDemoMemories } from "../lib/demo/memories";
import { seedDemoWorkspace } from "../lib/demo/seed";
import { issueTicketLink } from "../lib/support/public";
import { openTicket } from "../lib/support/tickets";
import { createWorkspace } from "../lib/workspaces/create";
import { flushBackgroundWork } from "../lib/background";
import { e2eApiKey, e2eFixturesFile, type E2EFixtures } from "../e2e/fixtures";

const prisma = await getPrisma();
const demo = await seedDemoWorkspace(prisma, { password: "demo-password", apiKey: e2eApiKey });
await seedDemoMemories(prisma, demo.workspaceId);
// Resolved tickets in the past, as the demo has (lib/demo/history.ts), fewer of them: each
// costs about half a second to replay and the web server has four minutes to come up.
await seedDemoHistory(prisma, demo.workspaceId, { tickets: 40 });
// A password the policy accepts (lib/auth/password-policy.ts: not the admin's own name).
const rival = { email: "admin@rival.example", password: "harbor-lantern-57" };
const { workspaceId: rivalId } = await createWorkspace({
  slug: "rival",
  name: "Rival Co",
  admin: { email: rival.email, name: "Riley Rival", password: rival.password },
});
const rivalTicket = await openTicket({
  workspaceId: rivalId,
  ticket: {
    customer: { email: "pat@rival-customers.example", name: "Pat" },
    subject: "Rival's own ticket",
    body: "Hello from Rival's customer.",
  },
});
const demoTicket = await prisma.ticket.findFirstOrThrow({
  where: { workspaceId: demo.workspaceId, status: "OPEN", assignee: { email: "agent@demo.example" } },
  orderBy: { updatedAt: "desc" },
  select: { id: true, subject: true },
});
// A customer with two tickets: the memory spec resolves the first and expects to see it
// remembered on the second.
const morgan = { email: "morgan.lee@example.com", name: "Morgan Lee" };
const first = await openTicket({
  workspaceId: demo.workspaceId,
  ticket: {
    customer: morgan,
    subject: "Doorbell notifications arrive late",
    body: "When someone rings the doorbell my phone buzzes 30 seconds later. The doorbell alerts are delayed.",
    product: "Lumio Doorbell Cam",
  },
});
const second = await openTicket({
  workspaceId: demo.workspaceId,
  ticket: {
    customer: morgan,
    subject: "Doorbell alerts slow again",
    body: "The doorbell notifications are slow again since yesterday.",
    product: "Lumio Doorbell Cam",
  },
});
// A customer for e2e/privacy.anon.spec.ts alone, which exports and then erases them.
const privacyCustomer = { email: "sasha.brightwell@example.net", name: "Sasha Brightwell" };
const privacyPhrase = "velvet heron lamp";
const privacyTicket = await openTicket({
  workspaceId: demo.workspaceId,
  ticket: {
    customer: privacyCustomer,
    subject: "Plug schedule skips Sundays",
    body: `The plug for the lamp skips its Sunday schedule, the one by the ${privacyPhrase}.`,
    product: "Lumio Smart Plug",
  },
});
// An agent for e2e/sign-in-lockout.anon.spec.ts alone, which locks the account by failing to sign in.
const lockout = { email: "lockable.agent@demo.example", password: "lockable-password-1", name: "Lee Lockable" };
await prisma.user.create({
  data: {
    workspaceId: demo.workspaceId,
    email: lockout.email,
    name: lockout.name,
    role: "AGENT",
    passwordHash: await hashPassword(lockout.password),
  },
});
// An agent for e2e/two-factor.anon.spec.ts alone, which turns on a second factor for it.
const twoFactor = { email: "two-factor.agent@demo.example", password: "quiet-meadow-otp-42", name: "Tess Twofactor" };
await prisma.user.create({
  data: {
    workspaceId: demo.workspaceId,
    email: twoFactor.email,
    name: twoFactor.name,
    role: "AGENT",
    passwordHash: await hashPassword(twoFactor.password),
  },
});
const fixtures: E2EFixtures = {
  lockout,
  twoFactor,
  demoTicketId: demoTicket.id,
  demoTicketSubject: demoTicket.subject,
  rivalTicketId: rivalTicket.id,
  rival,
  memoryTicketId: first.id,
  memoryTicketToken: await issueTicketLink({ workspaceId: demo.workspaceId, ticketId: first.id, kind: "browser" }),
  followUpTicketId: second.id,
  privacy: { ...privacyCustomer, phrase: privacyPhrase, ticketId: privacyTicket.id },
};
const fixturesFile = process.env.E2E_FIXTURES_FILE ?? e2eFixturesFile;
fs.mkdirSync(path.dirname(fixturesFile), { recursive: true });
fs.writeFileSync(fixturesFile, JSON.stringify(fixtures, null, 2));
await flushBackgroundWork();
await closeDatabase();
