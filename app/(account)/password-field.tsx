import { PASSWORD_MIN } from "@/lib/auth/password-length";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500";

/** A new password with the policy stated under it and the error, if any, tied to it. */
export function NewPasswordField({ id, label, error }: { id: string; label: string; error?: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name="password"
        type="password"
        required
        minLength={PASSWORD_MIN}
        maxLength={200}
        autoComplete="new-password"
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ")}
        className={input}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        At least {PASSWORD_MIN} characters. Common passwords and ones containing your name or email are refused; a few unrelated words work
        well.
      </p>
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}

export const accountInput = input;
export const accountButton =
  "w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60";
