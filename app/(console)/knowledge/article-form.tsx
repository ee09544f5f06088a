"use client";

import { useRouter } from "next/navigation";
import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { createArticleAction, saveArticleAction } from "./actions";

export interface ArticleFormValues {
  kind: string;
  title: string;
  body: string;
  products: string[];
  ownerId: string | null;
}

const field =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

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
  const errorOf = (name: string) =>
    errors[name]?.[0] ? (
      <p id={`${name}-error`} className="mt-1 text-sm text-rose-700">
        {errors[name][0]}
      </p>
    ) : null;
  const described = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});

  return (
    <form action={submit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      {articleId && <input type="hidden" name="articleId" value={articleId} />}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="kb-kind" className="text-sm font-medium text-slate-700">
            Kind
          </label>
          <select id="kb-kind" name="kind" defaultValue={initial?.kind ?? "COMMON_ISSUE"} className={field} {...described("kind")}>
            {kinds.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {errorOf("kind")}
        </div>
        <div>
          <label htmlFor="kb-owner" className="text-sm font-medium text-slate-700">
            Owner
          </label>
          <select id="kb-owner" name="ownerId" defaultValue={initial?.ownerId ?? ""} className={field} {...described("ownerId")}>
            <option value="">Me</option>
            {owners.map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.name}
              </option>
            ))}
          </select>
          {errorOf("ownerId")}
        </div>
      </div>
      <div>
        <label htmlFor="kb-title" className="text-sm font-medium text-slate-700">
          Title
        </label>
        <input id="kb-title" name="title" defaultValue={initial?.title} className={field} {...described("title")} />
        {errorOf("title")}
      </div>
      <div>
        <label htmlFor="kb-body" className="text-sm font-medium text-slate-700">
          Body
        </label>
        <textarea id="kb-body" name="body" rows={8} defaultValue={initial?.body} className={field} {...described("body")} />
        {errorOf("body")}
      </div>
      <div>
        <label htmlFor="kb-products" className="text-sm font-medium text-slate-700">
          Products
        </label>
        <input
          id="kb-products"
          name="products"
          defaultValue={initial?.products.join(", ")}
          placeholder="Comma-separated, e.g. Lumio Thermostat, Lumio Hub"
          className={field}
          {...described("products")}
        />
        {errorOf("products")}
      </div>
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
        <button
          type="submit"
          name="publish"
          value="false"
          disabled={pending}
          className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
        >
          Save draft
        </button>
        <button
          type="submit"
          name="publish"
          value="true"
          disabled={pending}
          className="rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Saving…" : "Save and publish"}
        </button>
      </div>
    </form>
  );
}
