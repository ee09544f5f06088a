// mem0 knows owners only as strings. Ours are always "<workspace id>:<id>", so two
// workspaces can never meet, even when they use the same customer or ticket ids.

export type Scope = "customer" | "agent" | "session";

/** The team's shared knowledge lives under one agent id per workspace unless told otherwise. */
export const TEAM_AGENT = "support";

export function ownerId(workspaceId: string, id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(workspaceId)) throw new Error("workspaceId must be a uuid");
  if (!id) throw new Error("owner id must not be empty");
  return `${workspaceId}:${id}`;
}

export function stripOwner(value: string | undefined | null): string | undefined {
  return value ? value.slice(37) : undefined;
}

export interface ScopeTarget {
  scope: Scope;
  customerId?: string;
  agentId?: string;
  sessionId?: string;
}

/** mem0's snake_case filters for one scope (plus our `scope` metadata). */
export function scopeFilters(workspaceId: string, target: ScopeTarget): Record<string, string> {
  switch (target.scope) {
    case "customer":
      return { user_id: ownerId(workspaceId, required(target.customerId, "customerId")), scope: "customer" };
    case "session":
      return {
        user_id: ownerId(workspaceId, required(target.customerId, "customerId")),
        run_id: ownerId(workspaceId, required(target.sessionId, "sessionId")),
        scope: "session",
      };
    default:
      return { agent_id: ownerId(workspaceId, target.agentId ?? TEAM_AGENT), scope: "agent" };
  }
}

/** mem0's camelCase add() options for one scope. */
export function scopeOwners(workspaceId: string, target: ScopeTarget): { userId?: string; agentId?: string; runId?: string } {
  const filters = scopeFilters(workspaceId, target);
  return { userId: filters.user_id, agentId: filters.agent_id, runId: filters.run_id };
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required for this scope`);
  return value;
}
