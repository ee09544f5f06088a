import Link from "next/link";

const input = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

export interface FilterValues {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

/** A plain GET form: filters live in the URL, so a filtered view is a link and works without JavaScript. */
export function AuditFilters(props: {
  values: FilterValues;
  errors: Record<string, string[] | undefined>;
  users: Array<{ id: string; name: string }>;
  actions: string[];
  targetTypes: string[];
}) {
  const { values, errors } = props;
  const field = (name: keyof FilterValues) => ({
    id: `audit-${name}`,
    name,
    defaultValue: values[name] ?? "",
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `audit-${name}-error` : undefined,
  });
  const error = (name: keyof FilterValues) =>
    errors[name] && (
      <p id={`audit-${name}-error`} className="mt-1 text-xs text-rose-700">
        {errors[name][0]}
      </p>
    );
  const label = (name: keyof FilterValues, text: string) => (
    <label htmlFor={`audit-${name}`} className="block text-xs font-medium text-slate-600">
      {text}
    </label>
  );
  // A value in the URL that is no longer among the options stays selectable.
  const withCurrent = (options: string[], current?: string) => (current && !options.includes(current) ? [current, ...options] : options);

  return (
    <form role="search" aria-label="Filter the audit log" action="/audit" className="flex flex-wrap items-start gap-3">
      <div>
        {label("actor", "Actor")}
        <select {...field("actor")} className={input}>
          <option value="">All actors</option>
          {props.users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
          <option value="system">System</option>
          <option value="api">API</option>
          <option value="customer">Customer</option>
        </select>
        {error("actor")}
      </div>
      <div>
        {label("action", "Action")}
        <select {...field("action")} className={input}>
          <option value="">All actions</option>
          {withCurrent(props.actions, values.action).map((action) => (
            <option key={action}>{action}</option>
          ))}
        </select>
        {error("action")}
      </div>
      <div>
        {label("targetType", "Target type")}
        <select {...field("targetType")} className={input}>
          <option value="">All targets</option>
          {withCurrent(props.targetTypes, values.targetType).map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
        {error("targetType")}
      </div>
      <div>
        {label("targetId", "Target id")}
        <input {...field("targetId")} type="text" spellCheck={false} className={`${input} w-72 font-mono`} />
        {error("targetId")}
      </div>
      <div>
        {label("from", "From (UTC)")}
        <input {...field("from")} type="date" className={input} />
        {error("from")}
      </div>
      <div>
        {label("to", "To (UTC)")}
        <input {...field("to")} type="date" className={input} />
        {error("to")}
      </div>
      <div className="flex gap-2 self-end">
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700">
          Apply filters
        </button>
        <Link href="/audit" className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 hover:bg-slate-50">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
