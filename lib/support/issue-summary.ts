// A resolved issue is kept in the customer's history as a sentence for the problem and one
// for the fix. Offline they come from the customer's first message and the resolution note:
// the first sentence of each, after a greeting, whitespace collapsed and bounded.

const MAX_SENTENCE = 240;
// "Hi Casey," / "Hello team!" / "Dear support" on its own line or before the first comma.
const GREETING = /^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b[^\n,.!?]{0,40}(?:[,.!]\s*|\s*\n)/i;

export function firstSentence(text: string, max = MAX_SENTENCE): string {
  const body = text.replace(GREETING, "").trim();
  // A sentence ends at . ! or ? followed by a space, or at a line break; "v3.2.1" does not end one.
  const sentence = (/^[^\n]*?[.!?](?=\s|$)/.exec(body)?.[0] ?? body.split("\n")[0] ?? "").replace(/\s+/g, " ").trim();
  if (!sentence) return "";
  const capital = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  const bounded = capital.length > max ? `${capital.slice(0, max - 1).replace(/\s+\S*$/, "")}…` : capital;
  return /[.!?…]$/.test(bounded) ? bounded : `${bounded}.`;
}

/** Problem and fix for the history, by the rule above; the subject only when the customer wrote nothing. */
export function summarizeResolution(input: { firstCustomerMessage?: string | null; subject: string; resolution: string }): {
  problem: string;
  fix: string;
} {
  return {
    problem: firstSentence(input.firstCustomerMessage ?? "") || firstSentence(input.subject),
    fix: firstSentence(input.resolution),
  };
}
