import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { requirePageActor } from "@/lib/auth/guard";
import { listMacros, type MacroDetail } from "@/lib/support/macros";
import { listAssignees } from "@/lib/support/tickets";
import { DeleteMacroButton } from "./delete-macro-button";
import { MacroForm } from "./macro-form";

export const metadata: Metadata = { title: "Canned replies" };

function describeActions(macro: MacroDetail): string {
  const actions = [
    macro.setStatus && `status ${macro.setStatus.toLowerCase()}`,
    macro.setPriority && `priority ${macro.setPriority.toLowerCase()}`,
    macro.assign === "me" && "assign to the sender",
    macro.assign === "none" && "unassign",
    macro.assign === "user" && `assign to ${macro.assignee?.name ?? "a former member"}`,
  ].filter(Boolean);
  return actions.length ? actions.join(", ") : "—";
}

export default async function MacrosPage() {
  const actor = await requirePageActor();
  const [macros, assignees] = await Promise.all([listMacros({ actor }), listAssignees({ actor })]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Canned replies</h1>
        <p className="text-sm text-slate-500">
          Replies the whole team can insert: type <kbd className="rounded border border-slate-300 px-1">/</kbd> at the start of a line in a
          ticket&apos;s reply box, or press <kbd className="rounded border border-slate-300 px-1">m</kbd> on the ticket. Anyone can create
          and edit them; an admin or the author can delete one.
        </p>
      </div>

      {macros.length === 0 ? (
        <EmptyState title="No canned replies yet">Create the first one below; the whole team can use it at once.</EmptyState>
      ) : (
        <Table>
          <TableCaption>Canned replies</TableCaption>
          <THead>
            <TH>Name</TH>
            <TH>Text</TH>
            <TH>On send</TH>
            <TH>Author</TH>
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          </THead>
          <TBody>
            {macros.map((macro) => (
              <TR key={macro.id}>
                <TD className="font-medium">
                  <Link href={`/macros/${macro.id}`} className="hover:text-brand-700 hover:underline">
                    {macro.name}
                  </Link>
                </TD>
                <TD className="max-w-md truncate text-slate-600">{macro.body}</TD>
                <TD className="text-slate-600">{describeActions(macro)}</TD>
                <TD className="text-slate-600">{macro.author?.name ?? "—"}</TD>
                <TD>
                  <div className="flex justify-end gap-2">
                    <Link href={`/macros/${macro.id}`} className="text-sm text-brand-700 hover:underline" aria-label={`Edit ${macro.name}`}>
                      Edit
                    </Link>
                    {macro.canDelete && <DeleteMacroButton macroId={macro.id} name={macro.name} />}
                  </div>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}

      <section aria-labelledby="new-macro">
        <h2 id="new-macro" className="mb-2 text-sm font-semibold">
          New canned reply
        </h2>
        <MacroForm assignees={assignees} />
      </section>
    </div>
  );
}
