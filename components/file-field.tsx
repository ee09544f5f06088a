/** A labelled "Attach files" input for a message form; the server checks sizes and types (lib/attachments). */
export function FileField({ id, error, label = "Attach files" }: { id: string; error?: string | null; label?: string }) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="mt-2">
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <input
        id={id}
        name="files"
        type="file"
        multiple
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        aria-invalid={error ? true : undefined}
        className="mt-1 block w-full text-xs text-slate-700 file:mr-2 file:rounded-md file:border-0 file:bg-slate-100 file:px-2 file:py-1 file:text-xs file:font-medium file:text-slate-800 hover:file:bg-slate-200 focus-visible:outline-2 focus-visible:outline-brand-600"
      />
      <p id={hintId} className="mt-1 text-xs text-slate-500">
        Up to 10 MB in all.
      </p>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-xs text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
