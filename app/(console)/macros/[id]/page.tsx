import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/errors";
import { getMacro } from "@/lib/support/macros";
import { listAssignees } from "@/lib/support/tickets";
import { DeleteMacroButton } from "../delete-macro-button";
import { MacroForm } from "../macro-form";

export const metadata: Metadata = { title: "Canned reply" };

export default async function MacroPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor();
  const macro = await getMacro({ actor, macroId: id }).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const assignees = await listAssignees({ actor });
  return (
    <div className="max-w-3xl space-y-4">
      <Link href="/macros" className="text-sm text-slate-500 hover:text-slate-800">
        ← Canned replies
      </Link>
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">{macro.name}</h1>
          <p className="text-sm text-slate-500">
            {macro.author ? `Written by ${macro.author.name}. ` : ""}Changes apply to every later use; replies already sent stay as they
            were.
          </p>
        </div>
        {macro.canDelete && <DeleteMacroButton macroId={macro.id} name={macro.name} back />}
      </div>
      <MacroForm
        macroId={macro.id}
        assignees={assignees}
        initial={{
          name: macro.name,
          body: macro.body,
          status: macro.setStatus ?? "",
          priority: macro.setPriority ?? "",
          assignee: macro.assigneeValue,
        }}
      />
    </div>
  );
}
