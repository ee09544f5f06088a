import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";

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
  const field = (name: keyof FilterValues) => ({ id: `audit-${name}`, labelSize: "xs" as const, error: errors[name]?.[0] });
  const named = (name: keyof FilterValues) => ({ name, defaultValue: values[name] ?? "" });
  // A value in the URL that is no longer among the options stays selectable.
  const withCurrent = (options: string[], current?: string) => (current && !options.includes(current) ? [current, ...options] : options);

  return (
    <form role="search" aria-label="Filter the audit log" action="/audit" className="flex flex-wrap items-start gap-3">
      <Field {...field("actor")} label="Actor">
        {(control) => (
          <Select {...control} {...named("actor")}>
            <option value="">All actors</option>
            {props.users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
            <option value="system">System</option>
            <option value="api">API</option>
            <option value="customer">Customer</option>
          </Select>
        )}
      </Field>
      <Field {...field("action")} label="Action">
        {(control) => (
          <Select {...control} {...named("action")}>
            <option value="">All actions</option>
            {withCurrent(props.actions, values.action).map((action) => (
              <option key={action}>{action}</option>
            ))}
          </Select>
        )}
      </Field>
      <Field {...field("targetType")} label="Target type">
        {(control) => (
          <Select {...control} {...named("targetType")}>
            <option value="">All targets</option>
            {withCurrent(props.targetTypes, values.targetType).map((type) => (
              <option key={type}>{type}</option>
            ))}
          </Select>
        )}
      </Field>
      <Field {...field("targetId")} label="Target id">
        {(control) => <Input {...control} {...named("targetId")} type="text" spellCheck={false} className="w-72 font-mono" />}
      </Field>
      <Field {...field("from")} label="From (UTC)">
        {(control) => <Input {...control} {...named("from")} type="date" />}
      </Field>
      <Field {...field("to")} label="To (UTC)">
        {(control) => <Input {...control} {...named("to")} type="date" />}
      </Field>
      <div className="flex gap-2 self-end">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button asChild>
          <Link href="/audit">Clear filters</Link>
        </Button>
      </div>
    </form>
  );
}
