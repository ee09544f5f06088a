import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/** A one-time code input with its label and its error beside it. */
export function CodeField({ id, label, error, hint }: { id: string; label: string; error?: string | null; hint?: string }) {
  return (
    <Field id={id} label={label} hint={hint} hintFirst error={error}>
      {(control) => (
        <Input
          {...control}
          size="lg"
          name="code"
          type="text"
          autoComplete="one-time-code"
          spellCheck={false}
          required
          maxLength={64}
          className="mt-1 block w-48 font-mono"
        />
      )}
    </Field>
  );
}
