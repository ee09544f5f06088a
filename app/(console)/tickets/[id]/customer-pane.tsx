import { LearnedFacts } from "@/components/customers/learned-facts";
import { CustomerProfileEditor } from "@/components/customers/profile-editor";
import { requirePageActor } from "@/lib/auth/guard";
import { getTicketCustomerProfile } from "@/lib/customers/overview";
import type { ScoredMemory } from "@/lib/memory/core";
import {
  confirmLearnedFactAction,
  correctLearnedFactAction,
  deleteLearnedFactAction,
  updateCustomerProfileAction,
} from "../../customers/actions";
import { MemoryEntry } from "./memory-entry";

/**
 * The customer pane's body: the profile (editable), what was learned from conversations
 * (waiting for an agent), then the customer memories that match the conversation.
 */
export async function CustomerPane({ ticketId, memories }: { ticketId: string; memories: ScoredMemory[] }) {
  const actor = await requirePageActor();
  const view = await getTicketCustomerProfile({ actor, ticketId });
  if (!view) return null;
  // Learned facts are listed above with their controls; the same memory twice would confuse.
  const remembered = memories.filter((memory) => memory.metadata.learned !== true);
  return (
    <div className="space-y-4">
      <CustomerProfileEditor customer={view.customer} save={updateCustomerProfileAction} />
      <LearnedFacts
        facts={view.learned}
        confirm={confirmLearnedFactAction}
        correct={correctLearnedFactAction}
        remove={deleteLearnedFactAction}
      />
      <div role="group" aria-label="Relevant customer memories" className="text-sm">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Relevant to this conversation</h3>
        {remembered.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">Nothing remembered about this customer yet.</p>
        ) : (
          <ul className="mt-2 space-y-3">
            {remembered.map((item) => (
              <MemoryEntry key={item.id} memory={item} ticketId={ticketId} editable />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
