"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { updateTicketAction } from "./actions";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";

/** Status, priority and assignee of an open ticket; each change saves at once. */
export function TicketControls(props: {
  ticketId: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  assignees: Array<{ id: string; name: string }>;
  meId: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const save = (update: Record<string, string>) =>
    startTransition(async () => {
      const result = await updateTicketAction({ ticketId: props.ticketId, ...update });
      setError(result.ok ? null : result.error);
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" aria-busy={pending || undefined}>
      <label className="flex items-center gap-1">
        <span className="text-slate-500">Status</span>
        <select className={select} value={props.status} onChange={(event) => save({ status: event.target.value })}>
          <option value="OPEN">Open</option>
          <option value="PENDING">Pending (waiting on customer)</option>
        </select>
      </label>
      <label className="flex items-center gap-1">
        <span className="text-slate-500">Priority</span>
        <select className={select} value={props.priority} onChange={(event) => save({ priority: event.target.value })}>
          {["LOW", "NORMAL", "HIGH", "URGENT"].map((value) => (
            <option key={value} value={value}>
              {value.charAt(0) + value.slice(1).toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1">
        <span className="text-slate-500">Assignee</span>
        <select className={select} value={props.assigneeId ?? "none"} onChange={(event) => save({ assignee: event.target.value })}>
          <option value="none">Unassigned</option>
          {props.assignees.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
      </label>
      {props.assigneeId !== props.meId && (
        <button
          type="button"
          onClick={() => save({ assignee: "me" })}
          className="rounded-md px-2 py-1 text-brand-700 ring-1 ring-brand-100 hover:bg-brand-50"
        >
          Assign to me
        </button>
      )}
      {error && (
        <p role="alert" className="text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
