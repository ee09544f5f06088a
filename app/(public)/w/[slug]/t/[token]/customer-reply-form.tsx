"use client";

import { useRouter } from "next/navigation";
import { Label } from "radix-ui";
import { useActionState, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/auth/action";
import { replyAction } from "../../actions";
import { FileField } from "@/components/file-field";

type State = ActionResult<{ sent: true }> | null;

export function CustomerReplyForm({ slug, token }: { slug: string; token: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, formData) => {
    const result = await replyAction(slug, formData);
    if (result.ok) {
      formRef.current?.reset();
      router.refresh();
    }
    return result;
  }, null);
  const error = state && !state.ok && !state.fieldErrors?.files ? (state.fieldErrors?.message?.[0] ?? state.error) : null;
  return (
    <form ref={formRef} action={submit} className="mt-6 rounded-xl border border-slate-200 bg-white p-4">
      <input type="hidden" name="token" value={token} />
      <Label.Root htmlFor="customer-reply" className="block text-sm font-medium">
        Your reply
      </Label.Root>
      <Textarea
        id="customer-reply"
        size="lg"
        name="message"
        rows={4}
        aria-invalid={!!error}
        aria-describedby={error ? "customer-reply-error" : undefined}
        className="mt-1 block w-full"
      />
      {error && (
        <p id="customer-reply-error" role="alert" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
      <FileField id="customer-reply-files" error={state && !state.ok ? state.fieldErrors?.files?.[0] : null} />
      <Button type="submit" variant="primary" size="lg" pending={pending} className="mt-2">
        {pending ? "Sending…" : "Send reply"}
      </Button>
    </form>
  );
}
