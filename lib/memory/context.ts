import { AsyncLocalStorage } from "node:async_hooks";
import type { MemoryFilter } from "./filters";
import type { HeldWrites } from "./store";

// mem0 calls our vector store with only what its own API carries. What else the store needs
// (who is writing, for the audit log; the exact metadata filter; rows already loaded for
// this search) travels alongside the call in async-local storage.

export interface WriteContext {
  actorUserId?: string | null;
  actorType: "user" | "system" | "api" | "customer";
  /** The customer row the memory belongs to, when there is one (erasure finds audits by it). */
  customerId?: string | null;
}

export interface CallContext {
  write?: WriteContext;
  filter?: MemoryFilter;
  /** Rows loaded by the vector search, reused by the keyword search of the same call. */
  loaded?: Map<string, unknown>;
  /** mem0's custom fact-extraction instructions for this call (one Memory serves every workspace). */
  instructions?: string;
  /** New rows to collect rather than write, one transaction for them all (addMemories). */
  held?: HeldWrites;
}

const storage = new AsyncLocalStorage<CallContext>();

export function withCallContext<T>(context: CallContext, fn: () => Promise<T>): Promise<T> {
  return storage.run({ ...storage.getStore(), ...context, loaded: new Map() }, fn);
}

export function callContext(): CallContext {
  return storage.getStore() ?? {};
}
