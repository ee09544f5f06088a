"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/auth/action";
import { createArticleAction, saveArticleAction } from "./actions";

export interface ArticleFormValues {
  kind: string;
  title: string;
  body: string;
  products: string[];
  ownerId: string | null;
}

const control = "mt-1 block w-full";

export function ArticleForm({
  articleId,
  initial,
  kinds,
  owners,
}: {
  articleId?: string;
  initial?: ArticleFormValues;
  kinds: Array<[string, string]>;
  owners: Array<{ id: string; name: string }>;
}) {
  const router = useRouter();
  const [state, submit, pending] = useActionState<ActionResult<unknown> | null, FormData>(async (_previous, formData) => {
    const result = articleId ? await saveArticleAction(formData) : await createArticleAction(formData);
    if (result.ok) {
      if (!articleId && "articleId" in (result.data as object))
        router.push(`/knowledge/${(result.data as { articleId: string }).articleId}`);
      else router.refresh();
    }
    return result;
  }, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const errorOf = (name: string) => errors[name]?.[0];

  return (
    <form action={submit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      {articleId && <input type="hidden" name="articleId" value={articleId} />}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="kb-kind" label="Kind" error={errorOf("kind")}>
          {(props) => (
            <Select {...props} size="lg" name="kind" defaultValue={initial?.kind ?? "COMMON_ISSUE"} className={control}>
              {kinds.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id="kb-owner" label="Owner" error={errorOf("ownerId")}>
          {(props) => (
            <Select {...props} size="lg" name="ownerId" defaultValue={initial?.ownerId ?? ""} className={control}>
              <option value="">Me</option>
              {owners.map((owner) => (
                <option key={owner.id} value={owner.id}>
                  {owner.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Field id="kb-title" label="Title" error={errorOf("title")}>
        {(props) => <Input {...props} size="lg" name="title" defaultValue={initial?.title} className={control} />}
      </Field>
      <Field id="kb-body" label="Body" error={errorOf("body")}>
        {(props) => <Textarea {...props} size="lg" name="body" rows={8} defaultValue={initial?.body} className={control} />}
      </Field>
      <Field id="kb-products" label="Products" error={errorOf("products")}>
        {(props) => (
          <Input
            {...props}
            size="lg"
            name="products"
            defaultValue={initial?.products.join(", ")}
            placeholder="Comma-separated, e.g. Lumio Thermostat, Lumio Hub"
            className={control}
          />
        )}
      </Field>
      {state && !state.ok && !Object.keys(errors).length && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
          {state.error}
        </p>
      )}
      {state?.ok && articleId && (
        <p role="status" className="text-sm text-emerald-700">
          {(state.data as { changed?: boolean }).changed === false ? "No changes to save." : "Saved as a new version."}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button type="submit" size="lg" name="publish" value="false" disabled={pending}>
          Save draft
        </Button>
        <Button type="submit" variant="primary" size="lg" name="publish" value="true" pending={pending}>
          {pending ? "Saving…" : "Save and publish"}
        </Button>
      </div>
    </form>
  );
}
