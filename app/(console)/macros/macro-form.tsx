"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { formText } from "@/components/form-text";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/auth/action";
import { MACRO_PLACEHOLDERS } from "@/lib/support/macro-template";
import { createMacroAction, saveMacroAction } from "./actions";

type Submitted = { result: ActionResult<unknown>; values: MacroFormValues | undefined; round: number };

export interface MacroFormValues {
  name: string;
  body: string;
  status: string;
  priority: string;
  assignee: string;
}

const placeholderHint = `Placeholders: ${Object.entries(MACRO_PLACEHOLDERS)
  .map(([name, meaning]) => `{{${name}}} (${meaning})`)
  .join(", ")}.`;

/** Creates a canned reply (no macroId) or saves one; field errors show beside their field. */
export function MacroForm({
  macroId,
  initial,
  assignees,
}: {
  macroId?: string;
  initial?: MacroFormValues;
  assignees: Array<{ id: string; name: string }>;
}) {
  const router = useRouter();
  const [state, submit, pending] = useActionState<Submitted | null, FormData>(async (previous, formData) => {
    const result = macroId ? await saveMacroAction(formData) : await createMacroAction(formData);
    if (result.ok) router.refresh();
    const typed: MacroFormValues = {
      name: formText(formData, "name"),
      body: formText(formData, "body"),
      status: formText(formData, "status"),
      priority: formText(formData, "priority"),
      assignee: formText(formData, "assignee"),
    };
    // React empties a form after its action: a refused form, or a saved one, shows what was
    // sent again; a created one starts empty for the next.
    return { result, values: result.ok && !macroId ? undefined : typed, round: (previous?.round ?? 0) + 1 };
  }, null);
  const result = state?.result;
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const error = (name: string) => errors[name]?.[0];
  const values = state ? state.values : initial;

  return (
    <form key={state?.round ?? 0} action={submit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      {macroId && <input type="hidden" name="macroId" value={macroId} />}
      <Field id="macro-name" label="Name" error={error("name")}>
        {(control) => <Input {...control} name="name" defaultValue={values?.name} maxLength={80} className="mt-1 block w-full" />}
      </Field>
      <Field id="macro-body" label="Text" hint={placeholderHint} error={error("body")}>
        {(control) => <Textarea {...control} name="body" rows={6} defaultValue={values?.body} className="mt-1 block w-full" />}
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">When a reply using it is sent</legend>
        <div className="mt-1 grid gap-4 sm:grid-cols-3">
          <Field id="macro-status" label="Status" labelSize="xs" error={error("status")}>
            {(control) => (
              <Select {...control} name="status" defaultValue={values?.status ?? ""} className="mt-1 block w-full">
                <option value="">Leave as it is</option>
                <option value="OPEN">Open</option>
                <option value="PENDING">Pending (waiting on customer)</option>
              </Select>
            )}
          </Field>
          <Field id="macro-priority" label="Priority" labelSize="xs" error={error("priority")}>
            {(control) => (
              <Select {...control} name="priority" defaultValue={values?.priority ?? ""} className="mt-1 block w-full">
                <option value="">Leave as it is</option>
                {["LOW", "NORMAL", "HIGH", "URGENT"].map((value) => (
                  <option key={value} value={value}>
                    {value.charAt(0) + value.slice(1).toLowerCase()}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field id="macro-assignee" label="Assignee" labelSize="xs" error={error("assignee")}>
            {(control) => (
              <Select {...control} name="assignee" defaultValue={values?.assignee ?? ""} className="mt-1 block w-full">
                <option value="">Leave as it is</option>
                <option value="me">The agent who sends it</option>
                <option value="none">Unassigned</option>
                {assignees.map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
      </fieldset>
      {result && !result.ok && Object.keys(errors).length === 0 && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {result.error}
        </p>
      )}
      {result?.ok && (
        <p role="status" className="text-sm text-emerald-700">
          {macroId ? "Saved." : "Canned reply created."}
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" pending={pending}>
          {macroId ? "Save canned reply" : "Create canned reply"}
        </Button>
      </div>
    </form>
  );
}
