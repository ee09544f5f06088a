import type { ScoredMemory } from "@/lib/memory/core";
import type { SupportContext } from "@/lib/memory/support-memory";

// What the model is told when it drafts a reply, and how its answer is checked. The model
// sees numbered memories and must cite them as [n]; citations are mapped back to memory ids
// so the agent can open each source, and a draft that is empty or garbled is refused.

export interface DraftSource {
  n: number;
  id: string;
  scope: ScoredMemory["scope"];
  type: string;
  text: string;
}

export interface ConversationTurn {
  kind: "CUSTOMER" | "AGENT" | "NOTE";
  body: string;
}

/** The memories a draft may use, numbered: team knowledge first, then the customer, then this ticket. */
export function numberSources(context: SupportContext): DraftSource[] {
  return [...context.agent, ...context.customer, ...context.session].map((memory, index) => ({
    n: index + 1,
    id: memory.id,
    scope: memory.scope,
    type: memory.type,
    text: memory.text,
  }));
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function buildDraftMessages(input: {
  customerName: string;
  agentName: string;
  preference?: string | null;
  subject: string;
  conversation: ConversationTurn[];
  sources: DraftSource[];
}): Array<{ role: "system" | "user"; content: string }> {
  const system = [
    "You draft replies for a customer support agent, who will check and edit your draft before sending it.",
    "Write only the reply to the customer: greeting, answer, sign-off with the agent's first name. No subject line, no notes to the agent.",
    "Ground every factual statement in the numbered memories and cite them right after the statement as [n]. Never cite a number that is not listed.",
    "If the memories do not answer the question, say what you will check and ask for what is missing; do not invent policies, prices or steps.",
    "Internal notes are for the team: use them, never quote them to the customer. Never reveal another customer's data.",
    input.preference ? `The customer's communication preference: ${input.preference}. Follow it.` : "Be warm, clear and brief.",
  ].join("\n");
  const memories = input.sources.length
    ? input.sources.map((source) => `[${source.n}] (${source.scope === "agent" ? "team knowledge" : source.scope === "customer" ? "about this customer" : "this ticket"}, ${source.type.replaceAll("_", " ")}) ${clip(source.text, 600)}`).join("\n")
    : "(no memories matched)";
  const label = { CUSTOMER: input.customerName, AGENT: "Agent", NOTE: "Internal note" } as const;
  const conversation = input.conversation.map((turn) => `${label[turn.kind]}: ${clip(turn.body, 2000)}`).join("\n\n");
  const user = [
    `Customer: ${input.customerName}`,
    `Agent: ${input.agentName}`,
    `Ticket subject: ${input.subject}`,
    "",
    "Memories you may cite:",
    memories,
    "",
    "Conversation so far (oldest first):",
    conversation,
    "",
    "Draft the agent's next reply.",
  ].join("\n");
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}

export interface CheckedDraft {
  text: string;
  citations: DraftSource[];
  warnings: string[];
}

/**
 * Checks the model's finished draft. Throws `UnusableDraftError` when there is nothing an
 * agent could send; otherwise drops citations of sources that do not exist (with a warning)
 * and returns the sources actually cited, in order of first citation.
 */
export function checkDraft(raw: string, sources: DraftSource[]): CheckedDraft {
  const letters = (raw.match(/\p{L}/gu) ?? []).length;
  const printable = raw.replace(/[\p{C}]/gu, (char) => (char === "\n" || char === "\t" || char === "\r" ? char : "")).length;
  if (!raw.trim()) throw new UnusableDraftError("The AI model returned an empty draft.");
  // Replacement characters, control bytes or markup instead of prose: a broken stream or a model speaking another protocol.
  if (raw.includes("\uFFFD") || printable < raw.length * 0.98 || letters < raw.replace(/\s/g, "").length * 0.5 || /^\s*[{[<]/.test(raw)) {
    throw new UnusableDraftError("The AI model returned a garbled draft.");
  }
  if (letters < 10) throw new UnusableDraftError("The AI model returned a draft too short to use.");
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  const cited: DraftSource[] = [];
  const unknown = new Set<number>();
  const text = raw
    .replace(/\s?\[(\d{1,3})\]/g, (match, digits: string) => {
      const source = byNumber.get(Number(digits));
      if (!source) {
        unknown.add(Number(digits));
        return "";
      }
      if (!cited.includes(source)) cited.push(source);
      return match;
    })
    .trim();
  const warnings: string[] = [];
  if (unknown.size) warnings.push(`The model cited sources that do not exist (${[...unknown].map((n) => `[${n}]`).join(", ")}); those citations were removed.`);
  if (!cited.length) warnings.push("The draft cites no memory: check every statement before sending.");
  return { text, citations: cited, warnings };
}

export class UnusableDraftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnusableDraftError";
  }
}

/** Share of words changed between the draft and what was sent (0 = sent as drafted, 1 = rewritten). */
export function editRatio(draft: string, sent: string): number {
  const a = draft.trim();
  const b = sent.trim();
  if (!a && !b) return 0;
  // Levenshtein on words keeps this cheap for long replies and matches how agents edit.
  const left = a.split(/\s+/);
  const right = b.split(/\s+/);
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (left[i - 1] === right[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return Math.min(1, previous[right.length]! / Math.max(left.length, right.length));
}
