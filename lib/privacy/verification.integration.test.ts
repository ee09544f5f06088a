import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { RateLimitedError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { limits } from "@/lib/http/rate-limit";
import { sendMail } from "@/lib/mail/send";
import { makeTicket, makeWorkspace } from "@/test/factories";
import { hashEmail } from "./hash";
import { CODE_LIMITS, CODE_TTL_MS, MAX_ATTEMPTS, readPrivacySession, requestPrivacyCode, verifyPrivacyCode } from "./verification";

const client = () => `client-${randomUUID()}`;

async function setUp() {
  const created = await makeWorkspace("verify");
  const known = `known-${randomUUID().slice(0, 8)}@privacy.example`;
  await makeTicket(created, { email: known });
  return {
    workspace: { id: created.workspaceId, name: "Verify Co" },
    known,
    unknown: `unknown-${randomUUID().slice(0, 8)}@privacy.example`,
  };
}

/** The code, read from the outbox as an admin would. */
async function mailedCode(workspaceId: string, email: string): Promise<string> {
  const prisma = await getPrisma();
  const mail = await prisma.outboxMail.findFirstOrThrow({
    where: { workspaceId, toAddress: email, kind: "privacy_code" },
    orderBy: { createdAt: "desc" },
  });
  return /\b(\d{6})\b/.exec(mail.body)![1]!;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("privacy codes", () => {
  it("answer a known and an unknown address alike, doing the same work for both", async () => {
    const { workspace, known, unknown } = await setUp();
    const now = new Date();
    const prisma = await getPrisma();
    const answers = [];
    for (const email of [known, unknown]) {
      answers.push(await requestPrivacyCode({ workspace, email, clientKey: client(), now }));
    }
    expect(answers[0]).toEqual({ email: known, expiresAt: new Date(now.getTime() + CODE_TTL_MS) });
    expect(answers[1]).toEqual({ email: unknown, expiresAt: answers[0]!.expiresAt });
    for (const email of [known, unknown]) {
      expect(await prisma.privacyChallenge.count({ where: { workspaceId: workspace.id, emailHash: hashEmail(workspace.id, email) } })).toBe(
        1,
      );
      const mail = await prisma.outboxMail.findMany({
        where: { workspaceId: workspace.id, toAddress: email },
        select: { subject: true, body: true, kind: true },
      });
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toBe("Your Verify Co privacy code");
      expect(mail[0]!.body.replace(/\d{6}/, "CODE")).toBe(
        (await prisma.outboxMail.findFirstOrThrow({ where: { workspaceId: workspace.id, toAddress: known } })).body.replace(
          /\d{6}/,
          "CODE",
        ),
      );
    }
    // The table of codes names nobody and holds no code.
    const stored = await prisma.privacyChallenge.findMany({ where: { workspaceId: workspace.id } });
    expect(JSON.stringify(stored)).not.toMatch(/@|known-|unknown-/);
    const code = await mailedCode(workspace.id, unknown);
    expect(JSON.stringify(stored)).not.toContain(code);
    // An unknown address proves itself the same way (and then finds nothing held).
    const session = await verifyPrivacyCode({ workspace, email: unknown, code, clientKey: client() });
    expect(readPrivacySession(session.token, workspace.id)).toEqual({ email: unknown });
  });

  it("work once: the same code is refused the second time, and a session is bound to its workspace", async () => {
    const { workspace, known } = await setUp();
    await requestPrivacyCode({ workspace, email: known, clientKey: client() });
    const code = await mailedCode(workspace.id, known);
    const session = await verifyPrivacyCode({ workspace, email: known.toUpperCase(), code, clientKey: client() });
    expect(readPrivacySession(session.token, workspace.id)).toEqual({ email: known });
    await expect(verifyPrivacyCode({ workspace, email: known, code, clientKey: client() })).rejects.toThrow(/expired or was already used/);
    expect(() => readPrivacySession(session.token, randomUUID())).toThrow(UnauthorizedError);
    expect(() => readPrivacySession(`${session.token}x`, workspace.id)).toThrow(UnauthorizedError);
    expect(() => readPrivacySession(session.token, workspace.id, new Date(session.expiresAt.getTime() + 1))).toThrow(UnauthorizedError);
  });

  it("expire after 15 minutes, and a newer code replaces an older one", async () => {
    const { workspace, known } = await setUp();
    const then = new Date(Date.now() - CODE_TTL_MS - 1000);
    await requestPrivacyCode({ workspace, email: known, clientKey: client(), now: then });
    const stale = await mailedCode(workspace.id, known);
    await expect(verifyPrivacyCode({ workspace, email: known, code: stale, clientKey: client() })).rejects.toThrow(/expired/);

    await requestPrivacyCode({ workspace, email: known, clientKey: client() });
    const first = await mailedCode(workspace.id, known);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await requestPrivacyCode({ workspace, email: known, clientKey: client() });
    const second = await mailedCode(workspace.id, known);
    if (first !== second)
      await expect(verifyPrivacyCode({ workspace, email: known, code: first, clientKey: client() })).rejects.toBeInstanceOf(
        ValidationError,
      );
    await expect(verifyPrivacyCode({ workspace, email: known, code: second, clientKey: client() })).resolves.toHaveProperty("token");
  });

  it(`refuse every code after ${MAX_ATTEMPTS} wrong ones, even the right one`, async () => {
    const { workspace, known } = await setUp();
    await requestPrivacyCode({ workspace, email: known, clientKey: client() });
    const code = await mailedCode(workspace.id, known);
    const messages = [];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      messages.push(
        await verifyPrivacyCode({ workspace, email: known, code: wrong(code), clientKey: client() }).catch((error: Error) => error.message),
      );
    }
    expect(messages[0]).toBe("That code is not right. 4 tries left.");
    expect(messages[3]).toBe("That code is not right. 1 try left.");
    expect(messages[4]).toBe("Too many wrong codes. Ask for a new one.");
    await expect(verifyPrivacyCode({ workspace, email: known, code, clientKey: client() })).rejects.toThrow(
      "Too many wrong codes. Ask for a new one.",
    );
    // Guesses in parallel cannot get past the limit either.
    await requestPrivacyCode({ workspace, email: known, clientKey: client() });
    const fresh = await mailedCode(workspace.id, known);
    const guesses = await Promise.allSettled(
      Array.from({ length: 8 }, () => verifyPrivacyCode({ workspace, email: known, code: wrong(fresh), clientKey: client() })),
    );
    expect(guesses.every((guess) => guess.status === "rejected")).toBe(true);
    const prisma = await getPrisma();
    const challenge = await prisma.privacyChallenge.findFirstOrThrow({
      where: { workspaceId: workspace.id, emailHash: hashEmail(workspace.id, known) },
      orderBy: { createdAt: "desc" },
    });
    // At most five tries reach the code; the per-address guess limit may stop some before it.
    expect(challenge.attempts).toBeGreaterThan(0);
    expect(challenge.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
  });

  it("limit guesses at one address across fresh codes and connections (429 with a wait)", async () => {
    const { workspace, known } = await setUp();
    const outcomes: string[] = [];
    // Asking for a new code after every five wrong ones would otherwise give unlimited guesses.
    for (let round = 0; round < 3; round++) {
      await requestPrivacyCode({ workspace, email: known, clientKey: client() });
      const code = await mailedCode(workspace.id, known);
      for (let attempt = 0; attempt < 4; attempt++) {
        outcomes.push(
          await verifyPrivacyCode({ workspace, email: known, code: wrong(code), clientKey: client() }).then(
            () => "accepted",
            (error: Error) => (error instanceof RateLimitedError ? "limited" : "wrong"),
          ),
        );
      }
    }
    expect(outcomes.filter((outcome) => outcome === "wrong")).toHaveLength(limits.privacyVerifyTarget.points);
    expect(outcomes.slice(limits.privacyVerifyTarget.points).every((outcome) => outcome === "limited")).toBe(true);
  });

  it("limit codes per address and per connection, whether or not the address is known", async () => {
    const { workspace, known, unknown } = await setUp();
    for (const email of [known, unknown]) {
      for (let sent = 0; sent < CODE_LIMITS.perAddress; sent++) await requestPrivacyCode({ workspace, email, clientKey: client() });
      await expect(requestPrivacyCode({ workspace, email, clientKey: client() })).rejects.toThrow(
        /Several codes were sent to this address recently/,
      );
    }
    const connection = client();
    for (let sent = 0; sent < CODE_LIMITS.perClient; sent++) {
      await requestPrivacyCode({ workspace, email: `many-${sent}-${randomUUID().slice(0, 6)}@privacy.example`, clientKey: connection });
    }
    const refused = requestPrivacyCode({ workspace, email: `one-more@privacy.example`, clientKey: connection });
    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refused).rejects.toThrow(/Too many requests\. Please try again in \d+ (seconds|minutes)/);
  });

  it("go out by SMTP when configured, and the log keeps the mail without the code", async () => {
    const { workspace } = await setUp();
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const sent = await sendMail(
      {
        workspaceId: workspace.id,
        kind: "privacy_code",
        to: "smtp@privacy.example",
        subject: "Code",
        text: "Your code is 123456.",
        storedText: "Your code is ••••••.",
      },
      { transport },
    );
    expect(sent).toMatchObject({ transport: "smtp", status: "sent" });
    const failing = nodemailer.createTransport({ host: "127.0.0.1", port: 1, connectionTimeout: 500 });
    const failed = await sendMail(
      {
        workspaceId: workspace.id,
        kind: "privacy_code",
        to: "smtp@privacy.example",
        subject: "Code",
        text: "Your code is 654321.",
        storedText: "Your code is ••••••.",
      },
      { transport: failing },
    );
    expect(failed).toMatchObject({ transport: "smtp", status: "failed" });
    const prisma = await getPrisma();
    const rows = await prisma.outboxMail.findMany({
      where: { workspaceId: workspace.id, toAddress: "smtp@privacy.example" },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((row) => [row.status, row.body])).toEqual([
      ["sent", "Your code is ••••••."],
      ["failed", "Your code is ••••••."],
    ]);
    expect(rows[1]!.error).toBeTruthy();
  });
});
