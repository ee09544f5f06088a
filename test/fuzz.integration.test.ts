import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as getTicketRoute } from "@/app/api/v1/tickets/[id]/route";
import { POST as postMessageRoute } from "@/app/api/v1/tickets/[id]/messages/route";
import { POST as postTicketRoute } from "@/app/api/v1/tickets/route";
import { hashApiKey } from "@/lib/api/api-keys";
import { SignInRefusedError, verifyCredentials } from "@/lib/auth/credentials";
import { getPrisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { requestCode, verifyCode } from "@/lib/privacy/self-service";
import { privacyCodeSchema, privacyEmailSchema } from "@/lib/privacy/verification";
import { openPublicTicket, publicReplySchema, publicTicketSchema, rateTicket, ratingSchema, replyAsCustomer } from "@/lib/support/public";
import { makeWorkspace, type TestWorkspace } from "@/test/factories";

// Hostile values at every public input: the REST API (through its route handlers), the
// public support form, ticket link, rating and privacy verbs (parsed with the schemas their
// actions use), and the sign-in. Whatever comes in: never a 500 or an unexpected error, a
// refused request changes nothing, and an accepted value reads back exactly as sent.
// (Rendering, where a script could run, is covered in Chromium by e2e/hostile-input.anon.spec.ts.)

const strings: Array<[string, string]> = [
  ["ciphertext-looking", "enc:v1:deadbeef:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
  ["ciphertext prefix only", "enc:v1:"],
  ["our own token shape", `${randomUUID()}.b.9999999999.1.${"A".repeat(43)}`],
  ["SQL", "Robert'); DROP TABLE tickets;-- ' OR '1'='1"],
  ["SQL placeholder", "$1 $2 %s %n ?"],
  ["HTML", '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'],
  ["template", "{{7*7}} ${7*7} #{7*7}"],
  ["prototype", '{"__proto__":{"polluted":true}} constructor'],
  ["NUL", "hello\u0000world"],
  ["bell", "a\u0007b"],
  ["direction override", "Invoice \u202Egnp.exe"],
  ["zero width", "Ad\u200Bmin\u200D"],
  ["fullwidth", "Ａｄｍｉｎ ＠ ｄｅｍｏ"],
  ["lone surrogate", "broken \ud800 text"],
  ["emoji", "😀".repeat(300)],
  ["100 KB", "x".repeat(100_000)],
  ["blank", "   "],
  ["empty", ""],
  ["newlines", "line one\r\nline two\n\n"],
];
const nonStrings: unknown[] = [null, 42, true, [], ["a"], {}, { $ne: "" }, { __proto__: { polluted: true } }];

async function makeKey(workspaceId: string) {
  const key = `rk_${randomBytes(18).toString("base64url")}`;
  const prisma = await getPrisma();
  await prisma.apiKey.create({ data: { workspaceId, name: "fuzz", prefix: key.slice(0, 8), keyHash: hashApiKey(key) } });
  return key;
}

async function counts(workspaceId: string) {
  const prisma = await getPrisma();
  const where = { workspaceId };
  const [tickets, messages, customers, audit, memories] = await Promise.all([
    prisma.ticket.count({ where }),
    prisma.message.count({ where }),
    prisma.customer.count({ where }),
    prisma.auditLog.count({ where }),
    prisma.memoryRecord.count({ where }),
  ]);
  return { tickets, messages, customers, audit, memories };
}

/** Runs a verb; only our typed errors may come out (a refusal), and a refusal must change nothing. */
async function expectSafe(workspace: TestWorkspace, label: string, call: () => Promise<unknown>): Promise<"accepted" | "refused"> {
  const before = await counts(workspace.workspaceId);
  try {
    await call();
    return "accepted";
  } catch (error) {
    if (!(error instanceof AppError) && !(error instanceof SignInRefusedError))
      throw new Error(`${label}: unexpected ${(error as Error).name}: ${(error as Error).message}`);
    expect(await counts(workspace.workspaceId), `${label} was refused but changed data`).toEqual(before);
    return "refused";
  }
}

const client = () => `fuzz-${randomUUID()}`;

describe("hostile input", () => {
  it("REST API: no 500, refusals store nothing, accepted text reads back exactly", async () => {
    const workspace = await makeWorkspace("fuzz-api");
    const key = await makeKey(workspace.workspaceId);
    const post = (url: string, body: unknown, auth = `Bearer ${key}`) =>
      new Request(`http://localhost${url}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: auth },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const base = {
      customer: { email: "fuzz@customers.example", name: "Fuzz" },
      subject: "Hostile values",
      message: "A message that is long enough.",
    };
    const created = await postTicketRoute(post("/api/v1/tickets", base));
    const { id } = (await created.json()) as { id: string };

    for (const [label, value] of strings) {
      for (const field of ["name", "email", "subject", "message", "product"] as const) {
        // A new address each time, so an accepted name is this customer's (an existing customer keeps theirs).
        const body = {
          ...structuredClone(base),
          customer: { ...base.customer, email: `fuzz-${randomUUID().slice(0, 8)}@customers.example` },
        } as Record<string, unknown> & { customer: Record<string, unknown> };
        if (field === "name" || field === "email") body.customer[field] = value;
        else body[field] = value;
        const before = await counts(workspace.workspaceId);
        const response = await postTicketRoute(post("/api/v1/tickets", body));
        expect(response.status, `${label} in ${field}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(await counts(workspace.workspaceId), `${label} in ${field}`).toEqual(before);
          continue;
        }
        // Accepted: what was sent is what is stored and read back (trimmed, as the schema says).
        const ticket = (await response.json()) as {
          id: string;
          subject: string;
          product: string | null;
          customer: { name: string };
          messages: Array<{ body: string }>;
        };
        const read = (await (
          await getTicketRoute(
            new Request(`http://localhost/api/v1/tickets/${ticket.id}`, { headers: { authorization: `Bearer ${key}` } }),
            { params: Promise.resolve({ id: ticket.id }) },
          )
        ).json()) as typeof ticket;
        if (field === "subject") expect(read.subject).toBe(value.trim());
        if (field === "message") expect(read.messages[0]!.body).toBe(value.trim());
        if (field === "name") expect(read.customer.name).toBe(value.trim());
      }
      const reply = await postMessageRoute(post(`/api/v1/tickets/${id}/messages`, { message: value }), { params: Promise.resolve({ id }) });
      expect(reply.status, `${label} as a reply`).toBeLessThan(500);
      const lookup = await getTicketRoute(
        new Request(`http://localhost/api/v1/tickets/x`, { headers: { authorization: `Bearer ${key}` } }),
        { params: Promise.resolve({ id: value }) },
      );
      expect([404, 400]).toContain(lookup.status);
      // Only what HTTP can carry in a header (printable ASCII) reaches us as a key.
      if (/^[\x20-\x7e]*$/.test(value)) {
        const auth = await postTicketRoute(post("/api/v1/tickets", base, `Bearer ${value}`));
        expect(auth.status, `${label} as an API key`).toBe(401);
      }
    }
    for (const value of nonStrings) {
      for (const body of [value, { ...base, subject: value }, { ...base, customer: value }, { ...base, message: value }]) {
        const before = await counts(workspace.workspaceId);
        const response = await postTicketRoute(post("/api/v1/tickets", body));
        expect(response.status).toBe(400);
        expect(await counts(workspace.workspaceId)).toEqual(before);
      }
    }
    for (const raw of ["", "{", "[]", "null", '{"customer":', "\u0000", "x".repeat(10_000)]) {
      expect((await postTicketRoute(post("/api/v1/tickets", raw))).status).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("public support form, ticket link, rating and privacy: typed refusals only, refusals store nothing", async () => {
    const workspace = await makeWorkspace("fuzz-public");
    const prisma = await getPrisma();
    const { slug } = await prisma.workspace.findUniqueOrThrow({ where: { id: workspace.workspaceId }, select: { slug: true } });
    const valid = { name: "Casey", email: "casey@customers.example", subject: "Broken plug", message: "It blinks red all day long." };
    const opened = await openPublicTicket({ slug, input: publicTicketSchema.parse(valid), clientKey: client() });

    for (const [label, value] of strings) {
      for (const field of ["name", "email", "subject", "message", "product", "website"] as const) {
        const parsed = publicTicketSchema.safeParse({ ...valid, [field]: value });
        if (!parsed.success) continue;
        await expectSafe(workspace, `form ${field}=${label}`, () => openPublicTicket({ slug, input: parsed.data, clientKey: client() }));
      }
      for (const token of [value, `${opened.token}${value}`].filter((candidate) => candidate !== opened.token)) {
        const reply = publicReplySchema.safeParse({ token, message: "A reply to the ticket." });
        if (reply.success)
          expect(
            await expectSafe(workspace, `reply token=${label}`, () => replyAsCustomer({ slug, ...reply.data, clientKey: client() })),
          ).toBe("refused");
      }
      const message = publicReplySchema.safeParse({ token: opened.token, message: value });
      if (message.success)
        await expectSafe(workspace, `reply message=${label}`, () => replyAsCustomer({ slug, ...message.data, clientKey: client() }));
      const rating = ratingSchema.safeParse({ token: opened.token, score: value, comment: value });
      if (rating.success) await expectSafe(workspace, `rating=${label}`, () => rateTicket({ slug, ...rating.data, clientKey: client() }));
      const email = privacyEmailSchema.safeParse({ email: value });
      if (email.success)
        await expectSafe(workspace, `privacy email=${label}`, () => requestCode({ slug, email: email.data.email, clientKey: client() }));
      const code = privacyCodeSchema.safeParse({ email: valid.email, code: value });
      if (code.success)
        expect(await expectSafe(workspace, `privacy code=${label}`, () => verifyCode({ slug, ...code.data, clientKey: client() }))).toBe(
          "refused",
        );
      await expectSafe(workspace, `slug=${label}`, () =>
        openPublicTicket({ slug: value, input: publicTicketSchema.parse(valid), clientKey: client() }),
      );
    }
  });

  it("sign-in: hostile emails and passwords are refused without an unexpected error", async () => {
    const workspace = await makeWorkspace("fuzz-login");
    // Null (wrong) or a refusal (the admin's account locks after 10 of these): nothing else.
    const attempt = (input: unknown) =>
      verifyCredentials(input, { clientAddress: client() }).then(
        (user) => expect(user).toBeNull(),
        (error) => expect(error).toBeInstanceOf(SignInRefusedError),
      );
    for (const [, value] of strings) {
      for (const input of [
        { email: value, password: value },
        { email: workspace.admin.email, password: value },
        { email: value, password: workspace.password },
      ])
        await attempt(input);
    }
    for (const value of nonStrings) await attempt({ email: value, password: value });
    await expect(
      verifyCredentials({ email: workspace.admin.email, password: workspace.password }, { clientAddress: client() }),
    ).rejects.toThrow(/locked/);
  });
});
