import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PASSWORD_MIN } from "@/lib/auth/password-length";

/** A new password with the policy stated under it and the error, if any, tied to it. */
export function NewPasswordField({ id, label, error }: { id: string; label: string; error?: string }) {
  return (
    <Field
      id={id}
      label={label}
      error={error}
      hint={`At least ${PASSWORD_MIN} characters. Common passwords and ones containing your name or email are refused; a few unrelated words work well.`}
    >
      {(control) => (
        <Input
          {...control}
          size="lg"
          name="password"
          type="password"
          required
          minLength={PASSWORD_MIN}
          maxLength={200}
          autoComplete="new-password"
          className="mt-1 block w-full"
        />
      )}
    </Field>
  );
}
