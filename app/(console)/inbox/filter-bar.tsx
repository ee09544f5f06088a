"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  customerTiers,
  hasFilters,
  type InboxQuery,
  type InboxSort,
  inboxHref,
  SEARCH_MAX_LENGTH,
  ticketPriorities,
  viewStatuses,
} from "@/lib/support/inbox-query";
import { normalizeTag } from "@/lib/support/tag-rules";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { sortLabels } from "./labels";

const label = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
function Filter(props: {
  label: string;
  name: string;
  value: string | undefined;
  options: Array<[string, string]>;
  onChange: (value: string) => void;
}) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-500">
      {props.label}
      <Select name={props.name} value={props.value ?? ""} onChange={(event) => props.onChange(event.target.value)}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </Select>
    </label>
  );
}

/**
 * Search and filters, kept in the URL so every view is a link. With JavaScript a select
 * applies at once and Enter searches; without it, the form is a plain GET of the same URL.
 */
export function FilterBar(props: {
  query: InboxQuery;
  products: string[];
  assignees: Array<{ id: string; name: string }>;
  tags: Array<{ tag: string; count: number }>;
  meId: string;
}) {
  const { query } = props;
  const router = useRouter();
  const [text, setText] = useState(query.q ?? "");
  // A new search in the URL (a link, back/forward) replaces what was typed, in this render.
  const [searched, setSearched] = useState(query.q);
  if (searched !== query.q) {
    setSearched(query.q);
    setText(query.q ?? "");
  }
  const go = (changes: Partial<InboxQuery>) =>
    router.push(inboxHref({ ...query, q: text.trim() || undefined, ...changes, cursor: undefined }));

  const statuses = viewStatuses[query.view];
  const products = query.product && !props.products.includes(query.product) ? [...props.products, query.product] : props.products;
  const showAssignee = query.view !== "mine" && query.view !== "unassigned";

  return (
    <form
      role="search"
      aria-label="Filter tickets"
      action="/inbox"
      method="get"
      onSubmit={(event) => {
        event.preventDefault();
        go({ q: text.trim() || undefined });
      }}
      className="mb-4 flex flex-wrap items-end gap-3"
    >
      {query.view !== "open" && <input type="hidden" name="view" value={query.view} />}
      <div className="flex min-w-64 flex-1 flex-col gap-1 text-xs font-medium text-slate-500">
        <label htmlFor="inbox-search">Search tickets</label>
        <div className="flex gap-2">
          <Input
            id="inbox-search"
            type="search"
            name="q"
            value={text}
            maxLength={SEARCH_MAX_LENGTH}
            placeholder="Words in subjects and messages, or #number   ( / )"
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") event.currentTarget.blur();
            }}
            className="flex-1 font-normal text-slate-900"
          />
          <Button type="submit" variant="primary">
            Search
          </Button>
        </div>
      </div>
      {statuses.length > 1 && (
        <Filter
          label="Status"
          name="status"
          value={query.status}
          onChange={(value) => go({ status: (value || undefined) as InboxQuery["status"] })}
          options={[["", "Any status"], ...statuses.map((status): [string, string] => [status, label(status)])]}
        />
      )}
      <Filter
        label="Priority"
        name="priority"
        value={query.priority}
        onChange={(value) => go({ priority: (value || undefined) as InboxQuery["priority"] })}
        options={[["", "Any priority"], ...ticketPriorities.map((priority): [string, string] => [priority, label(priority)])]}
      />
      <Filter
        label="Product"
        name="product"
        value={query.product}
        onChange={(value) => go({ product: value || undefined })}
        options={[["", "Any product"], ...products.map((product): [string, string] => [product, product])]}
      />
      {showAssignee && (
        <Filter
          label="Assignee"
          name="assignee"
          value={query.assignee}
          onChange={(value) => go({ assignee: value || undefined })}
          options={[
            ["", "Anyone"],
            ["none", "Unassigned"],
            ...props.assignees.map((user): [string, string] => [user.id, user.id === props.meId ? `${user.name} (me)` : user.name]),
          ]}
        />
      )}
      <Filter
        label="Customer tier"
        name="tier"
        value={query.tier}
        onChange={(value) => go({ tier: (value || undefined) as InboxQuery["tier"] })}
        options={[["", "Any tier"], ...customerTiers.map((tier): [string, string] => [tier, label(tier)])]}
      />
      <TagFilter tags={query.tag ?? []} suggestions={props.tags} onChange={(tag) => go({ tag: tag.length ? tag : undefined })} />
      <Filter
        label="Sort by"
        name="sort"
        value={query.sort}
        onChange={(value) => go({ sort: value as InboxSort })}
        options={Object.entries(sortLabels)}
      />
      {hasFilters(query) && (
        <Link
          href={inboxHref({ view: query.view, sort: query.sort })}
          className="py-1.5 text-sm font-medium text-brand-700 hover:underline"
        >
          Clear filters
        </Link>
      )}
    </form>
  );
}

/**
 * Tickets carrying every tag listed. Enter adds the typed tag (suggested from the workspace's
 * tags); each tag's button removes it. Without JavaScript the tags travel as repeated `tag`.
 */
function TagFilter(props: { tags: string[]; suggestions: Array<{ tag: string; count: number }>; onChange: (tags: string[]) => void }) {
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const tag = normalizeTag(typed);
    if (!tag) return setError(typed.trim() ? "Not a tag: use letters, digits, spaces, “-”, “_” or “.”." : null);
    setError(null);
    setTyped("");
    if (!props.tags.includes(tag)) props.onChange([...props.tags, tag]);
  };
  return (
    <div className="flex flex-col gap-1">
      <Field id="inbox-tag" label="Tag" labelSize="xs" error={error} className="flex flex-col gap-1">
        {(control) => (
          <Input
            {...control}
            name="tag"
            list="inbox-tag-suggestions"
            autoComplete="off"
            value={typed}
            maxLength={40}
            placeholder="Any tag"
            onChange={(event) => setTyped(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              event.preventDefault();
              add();
            }}
            className="w-36 font-normal text-slate-900"
          />
        )}
      </Field>
      <datalist id="inbox-tag-suggestions">
        {props.suggestions
          .filter(({ tag }) => !props.tags.includes(tag))
          .map(({ tag, count }) => (
            <option key={tag} value={tag}>{`${tag} (${count})`}</option>
          ))}
      </datalist>
      {props.tags.length > 0 && (
        <ul aria-label="Tag filters" className="flex flex-wrap gap-1">
          {props.tags.map((tag) => (
            <li key={tag}>
              <input type="hidden" name="tag" value={tag} />
              <Badge tone="violet">
                {tag}
                <button
                  type="button"
                  aria-label={`Remove tag filter ${tag}`}
                  onClick={() => props.onChange(props.tags.filter((other) => other !== tag))}
                  className="-mr-1 ml-1 rounded-full px-1 hover:bg-violet-100"
                >
                  ×
                </button>
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
