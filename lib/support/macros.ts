import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { invalidInput } from "@/lib/http/errors";
import { line, text } from "@/lib/validation";
import { fillPlaceholders, firstNameOf, placeholderProblem } from "./macro-template";

// Canned replies (macros), shared by the workspace's team: every agent and admin may list,
// use, create and edit them (a team keeps its wording together, as in Zendesk or Help
// Scout); only an admin or the macro's author may delete one, so a shared reply does not
// vanish under a colleague. Every verb reads and writes inside the actor's workspace only.

const statuses = ["OPEN", "PENDING"] as const;
const priorities = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;
const orNull = <T extends z.ZodType>(schema: T) =>
  z
    .union([schema, z.literal(""), z.null()])
    .optional()
    .transform((value) => (value === "" || value === undefined ? null : (value as z.output<T>)));

export const macroInputSchema = z.object({
  name: line().min(1, "Give the canned reply a name.").max(80, "Keep the name under 80 characters."),
  body: text()
    .min(1, "Write the reply.")
    .max(5_000, "Keep a canned reply under 5,000 characters.")
    .superRefine((body, context) => {
      const problem = placeholderProblem(body);
      if (problem) context.addIssue({ code: "custom", message: problem });
    }),
  // Resolving has its own flow (a summary, memory): a macro may open or pend a ticket.
  status: orNull(z.enum(statuses, "Choose open or pending.")),
  priority: orNull(z.enum(priorities, "Choose a priority.")),
  // "me": whoever sends the reply; "none": unassign; or a user of the workspace.
  assignee: orNull(z.union([z.literal("me"), z.literal("none"), z.uuid("Choose a member of this workspace.")])),
});
export type MacroInput = z.input<typeof macroInputSchema>;

export const macroRef = z.object({ macroId: z.uuid("Unknown canned reply.") });

const macroSelect = {
  id: true,
  name: true,
  body: true,
  setStatus: true,
  setPriority: true,
  assign: true,
  assignee: { select: { id: true, name: true } },
  author: { select: { id: true, name: true } },
  updatedAt: true,
} satisfies Prisma.MacroSelect;

type MacroRow = Prisma.MacroGetPayload<{ select: typeof macroSelect }>;

function describe(row: MacroRow, actor: Actor) {
  return {
    ...row,
    // The form's value for the assignee select.
    assigneeValue: row.assign === "user" ? (row.assignee?.id ?? "") : (row.assign ?? ""),
    canDelete: canDeleteMacro(actor, row.author?.id ?? null),
  };
}
export type MacroDetail = ReturnType<typeof describe>;

export function canDeleteMacro(actor: Actor, authorUserId: string | null): boolean {
  return actor.role === "ADMIN" || authorUserId === actor.userId;
}

/** The workspace's canned replies, by name. */
export async function listMacros({ actor }: { actor: Actor }): Promise<MacroDetail[]> {
  const prisma = await getPrisma();
  const rows = await prisma.macro.findMany({ where: { workspaceId: actor.workspaceId }, orderBy: { name: "asc" }, select: macroSelect });
  return rows.map((row) => describe(row, actor));
}

/** One canned reply of the actor's workspace; NotFoundError otherwise. */
export async function getMacro({ actor, macroId }: { actor: Actor; macroId: string }): Promise<MacroDetail> {
  if (!z.uuid().safeParse(macroId).success) throw new NotFoundError("Canned reply");
  const prisma = await getPrisma();
  const row = await prisma.macro.findFirst({ where: { id: macroId, workspaceId: actor.workspaceId }, select: macroSelect });
  if (!row) throw new NotFoundError("Canned reply");
  return describe(row, actor);
}

/** The columns a parsed input stands for, after checking its name is free and its assignee is one of the team. */
async function macroData(tx: Prisma.TransactionClient, actor: Actor, input: z.output<typeof macroInputSchema>, exceptId?: string) {
  const clash = await tx.macro.findFirst({
    where: {
      workspaceId: actor.workspaceId,
      name: { equals: input.name, mode: "insensitive" },
      ...(exceptId && { id: { not: exceptId } }),
    },
    select: { id: true },
  });
  if (clash) throw new ValidationError("Please correct the highlighted fields.", { name: ["A canned reply with this name exists."] });
  let assign: string | null = null;
  let assigneeId: string | null = null;
  if (input.assignee === "me" || input.assignee === "none") assign = input.assignee;
  else if (input.assignee) {
    const user = await tx.user.findFirst({
      where: { id: input.assignee, workspaceId: actor.workspaceId, disabledAt: null },
      select: { id: true },
    });
    if (!user) throw new ValidationError("Please correct the highlighted fields.", { assignee: ["Choose a member of this workspace."] });
    assign = "user";
    assigneeId = user.id;
  }
  return { name: input.name, body: input.body, setStatus: input.status, setPriority: input.priority, assign, assigneeId };
}

function parseInput(input: MacroInput) {
  const parsed = macroInputSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

export async function createMacro({ actor, input }: { actor: Actor; input: MacroInput }): Promise<{ macroId: string }> {
  const parsed = parseInput(input);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const data = await macroData(tx, actor, parsed);
    const { id } = await tx.macro.create({
      data: { ...data, workspaceId: actor.workspaceId, authorUserId: actor.userId },
      select: { id: true },
    });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "macro.created",
      targetType: "macro",
      targetId: id,
      summary: { actions: actionNames(data) },
    });
    return { macroId: id };
  });
}

export async function updateMacro({
  actor,
  macroId,
  input,
}: {
  actor: Actor;
  macroId: string;
  input: MacroInput;
}): Promise<{ changed: string[] }> {
  const parsed = parseInput(input);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const current = await tx.macro.findFirst({
      where: { id: macroId, workspaceId: actor.workspaceId },
      select: { id: true, name: true, body: true, setStatus: true, setPriority: true, assign: true, assigneeId: true },
    });
    if (!current) throw new NotFoundError("Canned reply");
    const data = await macroData(tx, actor, parsed, current.id);
    const changed = (Object.keys(data) as Array<keyof typeof data>).filter((field) => data[field] !== current[field]);
    if (changed.length === 0) return { changed };
    await tx.macro.update({ where: { id: current.id }, data });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "macro.updated",
      targetType: "macro",
      targetId: current.id,
      summary: { fields: changed },
    });
    return { changed };
  });
}

/** Admins, and the macro's author, may delete it; its uses stay counted under its name. */
export async function deleteMacro({ actor, macroId }: { actor: Actor; macroId: string }): Promise<{ deleted: string }> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const macro = await tx.macro.findFirst({
      where: { id: macroId, workspaceId: actor.workspaceId },
      select: { id: true, authorUserId: true },
    });
    if (!macro) throw new NotFoundError("Canned reply");
    if (!canDeleteMacro(actor, macro.authorUserId)) throw new ForbiddenError("Only an admin or its author can delete a canned reply.");
    await tx.macro.delete({ where: { id: macro.id } });
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorUserId: actor.userId,
      actorType: "user",
      action: "macro.deleted",
      targetType: "macro",
      targetId: macro.id,
    });
    return { deleted: macro.id };
  });
}

/**
 * A canned reply's text for one ticket, placeholders filled from the ticket's customer, its
 * number and the agent: what goes into the reply box. Both must be of the actor's workspace.
 */
export async function renderMacro({ actor, macroId, ticketId }: { actor: Actor; macroId: string; ticketId: string }) {
  const prisma = await getPrisma();
  const [macro, ticket] = await Promise.all([
    prisma.macro.findFirst({ where: { id: macroId, workspaceId: actor.workspaceId }, select: { id: true, body: true } }),
    prisma.ticket.findFirst({
      where: { id: ticketId, workspaceId: actor.workspaceId },
      select: { number: true, customer: { select: { name: true } } },
    }),
  ]);
  if (!macro) throw new NotFoundError("Canned reply");
  if (!ticket) throw new NotFoundError("Ticket");
  const text = fillPlaceholders(macro.body, {
    "customer.name": ticket.customer.name,
    "customer.firstName": firstNameOf(ticket.customer.name),
    "ticket.number": String(ticket.number),
    "agent.name": actor.name,
  });
  return { macroId: macro.id, text };
}

function actionNames(data: { setStatus: string | null; setPriority: string | null; assign: string | null }): string[] {
  return [data.setStatus && "status", data.setPriority && "priority", data.assign && "assignee"].filter((name): name is string => !!name);
}
