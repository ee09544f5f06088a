import type { ScoredMemory } from "@/lib/memory/core";
import type { SupportContext } from "@/lib/memory/support-memory";

// The offline drafter: with no LLM configured, a reply is composed from the best matching
// team knowledge and what we know of the customer, and every sentence taken from a memory
// cites it ([1], [2]) so the agent can check the source before sending.

export interface TemplateDraft {
  text: string;
  citations: Array<{ n: number; id: string; scope: string; type: string; text: string }>;
}

const SOLUTION_TYPES = new Set(["solution", "product_doc", "policy", "escalation", "capability"]);

function sentenceOf(memory: ScoredMemory): string {
  const solution = /Solution:\s*(.+)$/s.exec(memory.text)?.[1] ?? memory.text;
  // Knowledge entries are stored as "Title. Body": the body is what a customer needs.
  const body = memory.type === "solution" ? solution : solution.replace(/^[^.]{3,80}\.\s+/, "");
  return body.trim().replace(/\s+/g, " ");
}

export function composeTemplateDraft(input: {
  customerName: string;
  agentName: string;
  preference?: string | null;
  context: SupportContext;
}): TemplateDraft {
  const first = input.customerName.split(" ")[0] || "there";
  const citations: TemplateDraft["citations"] = [];
  const cite = (memory: ScoredMemory) => {
    const existing = citations.find((citation) => citation.id === memory.id);
    if (existing) return existing.n;
    const n = citations.length + 1;
    citations.push({ n, id: memory.id, scope: memory.scope, type: memory.type, text: memory.text });
    return n;
  };
  const short = /short|brief|concise/i.test(input.preference ?? "");
  const steps = /step/i.test(input.preference ?? "");

  const lines = [`Hi ${first},`, ""];
  const knowledge = input.context.agent.filter((memory) => SOLUTION_TYPES.has(memory.type) && memory.matched.terms.length > 0);
  const history = input.context.customer.find((memory) => memory.type === "resolved_issue" && memory.matched.terms.length > 1);
  if (knowledge[0]) {
    lines.push(short ? "Here's the fix:" : "Thanks for the details, I'm sorry for the trouble. Here is what sorts this out:");
    const fix = sentenceOf(knowledge[0]);
    if (steps) {
      fix.split(/(?<=\.)\s+/).forEach((part, index) => lines.push(`${index + 1}. ${part} [${cite(knowledge[0]!)}]`));
    } else lines.push(`${fix} [${cite(knowledge[0])}]`);
  } else {
    lines.push("Thanks for the details, I'm looking into this now and will come back to you shortly.");
  }
  if (history && !short) {
    lines.push("", `This looks like the issue we solved for you before; the same steps should apply [${cite(history)}].`);
  }
  lines.push(
    "",
    short ? "Let me know if that works." : "Let me know how it goes, and I'll stay on this ticket until it's sorted.",
    "",
    input.agentName,
  );
  return { text: lines.join("\n"), citations };
}
