import { describe, expect, it } from "vitest";
import { getPrisma } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { makeAgent, makeTicket, makeWorkspace } from "@/test/factories";
import { countMacroUses } from "./macro-uses";
import { createMacro, deleteMacro, getMacro, listMacros, renderMacro, updateMacro } from "./macros";
import { addAgentMessage, getTicketDetail, openTicket } from "./tickets";

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors;
}

describe("canned replies", () => {
  it("an agent creates one for the team, audited; names are unique and placeholders are checked at save", async () => {
    const workspace = await makeWorkspace("macros");
    const agent = await makeAgent(workspace, "Robin");
    const { macroId } = await createMacro({
      actor: agent,
      input: { name: "Wi-Fi reset", body: "Hi {{customer.firstName}},\nplease restart the router.\n{{ agent.name }}", priority: "HIGH" },
    });
    const [listed] = await listMacros({ actor: workspace.admin });
    expect(listed).toMatchObject({ id: macroId, name: "Wi-Fi reset", setPriority: "HIGH", setStatus: null, author: { name: "Robin" } });

    expect((await fieldErrorsOf(createMacro({ actor: agent, input: { name: "wi-fi RESET", body: "Again" } }))).name).toEqual([
      "A canned reply with this name exists.",
    ]);
    const unknown = await fieldErrorsOf(createMacro({ actor: agent, input: { name: "Bad", body: "Hi {{customer.email}}" } }));
    expect(unknown.body?.[0]).toMatch(/Unknown placeholder \{\{customer\.email\}\}.*\{\{customer\.name\}\}/);
    expect((await fieldErrorsOf(createMacro({ actor: agent, input: { name: "", body: "x" } }))).name).toBeDefined();

    const prisma = await getPrisma();
    expect(await prisma.macro.count({ where: { workspaceId: workspace.workspaceId } })).toBe(1);
    const audit = await prisma.auditLog.findFirst({
      where: { workspaceId: workspace.workspaceId, action: "macro.created", targetId: macroId },
    });
    expect(audit).toMatchObject({ actorUserId: agent.userId, summary: { actions: ["priority"] } });

    // Any agent may edit it; the audit names the fields, not the text.
    expect(await updateMacro({ actor: workspace.admin, macroId, input: { name: "Wi-Fi reset", body: "Hello {{customer.name}}" } })).toEqual(
      {
        changed: ["body", "setPriority"],
      },
    );
    const updated = await prisma.auditLog.findFirst({ where: { action: "macro.updated", targetId: macroId } });
    expect(updated?.summary).toEqual({ fields: ["body", "setPriority"] });
  });

  it("refuses hostile placeholders and fills values as plain text, in one pass", async () => {
    const workspace = await makeWorkspace("macro-hostile");
    for (const body of ["{{constructor}}", "{{__proto__}}", "{{ customer.name }", "{{customer.name}}{{toString}}", "{{x}}".repeat(3)]) {
      const errors = await fieldErrorsOf(createMacro({ actor: workspace.admin, input: { name: `Hostile ${body}`.slice(0, 80), body } }));
      expect(errors.body, body).toBeDefined();
    }
    expect((await fieldErrorsOf(createMacro({ actor: workspace.admin, input: { name: "Bidi\u202Ename", body: "x" } }))).name).toBeDefined();

    const ticket = await openTicket({
      workspaceId: workspace.workspaceId,
      ticket: {
        customer: { email: "hostile@customers.example", name: "{{agent.name}} <img src=x onerror=alert(1)>" },
        subject: "Hello",
        body: "Hi",
      },
    });
    const { macroId } = await createMacro({
      actor: workspace.admin,
      input: { name: "Greeting", body: "Dear {{customer.name}} ({{customer.firstName}}), about #{{ticket.number}}. {{agent.name}}" },
    });
    const rendered = await renderMacro({ actor: workspace.admin, macroId, ticketId: ticket.id });
    expect(rendered.text).toBe(
      `Dear {{agent.name}} <img src=x onerror=alert(1)> ({{agent.name}}), about #${ticket.number}. ${workspace.admin.name}`,
    );
  });

  it("another workspace can neither read, change, delete nor use them", async () => {
    const acme = await makeWorkspace("macro-acme");
    const rival = await makeWorkspace("macro-rival");
    const rivalAgent = await makeAgent(rival, "Rival");
    const acmeTicket = await makeTicket(acme);
    const rivalTicket = await makeTicket(rival);
    const { macroId } = await createMacro({
      actor: acme.admin,
      input: { name: "Acme secret", body: "Acme only", status: "OPEN", priority: "URGENT" },
    });

    expect(await listMacros({ actor: rivalAgent })).toEqual([]);
    await expect(getMacro({ actor: rivalAgent, macroId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(renderMacro({ actor: rivalAgent, macroId, ticketId: rivalTicket.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(renderMacro({ actor: acme.admin, macroId, ticketId: rivalTicket.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateMacro({ actor: rival.admin, macroId, input: { name: "Taken", body: "x" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteMacro({ actor: rival.admin, macroId })).rejects.toBeInstanceOf(NotFoundError);
    // An assignee of another workspace is refused at save.
    expect(
      (await fieldErrorsOf(createMacro({ actor: acme.admin, input: { name: "Hand over", body: "x", assignee: rivalAgent.userId } })))
        .assignee,
    ).toEqual(["Choose a member of this workspace."]);

    // Sending with another workspace's macro id: the reply goes, the macro does nothing.
    await addAgentMessage({ actor: rivalAgent, message: { ticketId: rivalTicket.id, kind: "AGENT", body: "Hello", macroId } });
    expect(await getTicketDetail({ actor: rivalAgent, ticketId: rivalTicket.id })).toMatchObject({ status: "PENDING", priority: "NORMAL" });
    const prisma = await getPrisma();
    expect(await prisma.macroUse.count({ where: { macroId } })).toBe(0);
    expect((await getMacro({ actor: acme.admin, macroId })).name).toBe("Acme secret");
    expect(await getTicketDetail({ actor: acme.admin, ticketId: acmeTicket.id })).toMatchObject({ priority: "NORMAL" });
  });

  it("applies its actions when a reply that used it is sent, audited with the macro, and counts the use", async () => {
    const workspace = await makeWorkspace("macro-send");
    const sender = await makeAgent(workspace, "Sender");
    const specialist = await makeAgent(workspace, "Specialist");
    const ticket = await makeTicket(workspace);
    const { macroId } = await createMacro({
      actor: sender,
      input: { name: "Escalate", body: "Passing you to our specialist.", status: "OPEN", priority: "URGENT", assignee: specialist.userId },
    });

    const { messageId } = await addAgentMessage({
      actor: sender,
      message: { ticketId: ticket.id, kind: "AGENT", body: "Passing you to our specialist.", macroId },
    });
    // The macro's "open" wins over "a reply makes the ticket pending".
    expect(await getTicketDetail({ actor: sender, ticketId: ticket.id })).toMatchObject({
      status: "OPEN",
      priority: "URGENT",
      assignee: { name: "Specialist" },
    });
    const prisma = await getPrisma();
    const audit = await prisma.auditLog.findMany({
      where: { workspaceId: workspace.workspaceId, targetId: ticket.id },
      orderBy: { seq: "asc" },
      select: { action: true, summary: true },
    });
    expect(audit.map((entry) => entry.action)).toEqual(["ticket.opened", "ticket.replied", "ticket.updated"]);
    expect(audit[2]?.summary).toMatchObject({
      macroId,
      status: { from: "PENDING", to: "OPEN" },
      priority: { from: "NORMAL", to: "URGENT" },
      assignee: { from: sender.userId, to: specialist.userId },
    });
    expect(await prisma.macroUse.findMany({ where: { macroId }, select: { messageId: true, ticketId: true, userId: true } })).toEqual([
      { messageId, ticketId: ticket.id, userId: sender.userId },
    ]);

    // A second use on another ticket, a use of another macro, then the first is renamed and
    // the second deleted: the metrics count all three, under the current or the kept name.
    await addAgentMessage({
      actor: sender,
      message: { ticketId: (await makeTicket(workspace)).id, kind: "AGENT", body: "Again", macroId },
    });
    const other = await createMacro({ actor: sender, input: { name: "Thanks", body: "Thanks {{customer.firstName}}!" } });
    await addAgentMessage({ actor: sender, message: { ticketId: ticket.id, kind: "AGENT", body: "Thanks!", macroId: other.macroId } });
    await updateMacro({ actor: sender, macroId, input: { name: "Escalate to specialist", body: "Passing you on." } });
    await deleteMacro({ actor: sender, macroId: other.macroId });

    expect(await countMacroUses({ actor: workspace.admin, weeks: 4 })).toEqual({
      total: 3,
      top: [
        { macroId, name: "Escalate to specialist", uses: 2 },
        { macroId: null, name: "Thanks", uses: 1 },
      ],
    });
    await expect(countMacroUses({ actor: sender, weeks: 4 })).rejects.toBeInstanceOf(ForbiddenError);
    const rival = await makeWorkspace("macro-send-rival");
    expect(await countMacroUses({ actor: rival.admin, weeks: 4 })).toEqual({ total: 0, top: [] });
  });

  it("only an admin or the author deletes one", async () => {
    const workspace = await makeWorkspace("macro-delete");
    const author = await makeAgent(workspace, "Author");
    const colleague = await makeAgent(workspace, "Colleague");
    const first = await createMacro({ actor: author, input: { name: "First", body: "One" } });
    const second = await createMacro({ actor: author, input: { name: "Second", body: "Two" } });

    await expect(deleteMacro({ actor: colleague, macroId: first.macroId })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listMacros({ actor: colleague })).map((macro) => [macro.name, macro.canDelete])).toEqual([
      ["First", false],
      ["Second", false],
    ]);
    await deleteMacro({ actor: author, macroId: first.macroId });
    await deleteMacro({ actor: workspace.admin, macroId: second.macroId });
    expect(await listMacros({ actor: author })).toEqual([]);
    const prisma = await getPrisma();
    expect(await prisma.auditLog.count({ where: { workspaceId: workspace.workspaceId, action: "macro.deleted" } })).toBe(2);
  });
});
