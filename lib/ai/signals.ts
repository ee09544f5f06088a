// Sentiment and urgency of a customer's message from a small lexicon: the offline default
// (with an LLM configured this is the place to ask it instead). Cheap enough to run on
// every message, and explainable: the words that decided it are returned.

export type Sentiment = "negative" | "neutral" | "positive";
export type Urgency = "low" | "normal" | "high";

const NEGATIVE = [
  "angry",
  "annoyed",
  "awful",
  "broken",
  "cancel",
  "disappointed",
  "frustrated",
  "frustrating",
  "furious",
  "horrible",
  "ridiculous",
  "terrible",
  "unacceptable",
  "useless",
  "worst",
  "again",
  "still",
  "refund",
  "complaint",
  "fed up",
  "sick of",
  "waste",
];
const POSITIVE = [
  "thanks",
  "thank you",
  "great",
  "perfect",
  "love",
  "awesome",
  "brilliant",
  "appreciate",
  "helpful",
  "worked",
  "works now",
  "sorted",
];
const URGENT = [
  "urgent",
  "asap",
  "immediately",
  "right now",
  "emergency",
  "no heating",
  "no internet",
  "locked out",
  "baby",
  "elderly",
  "can't work",
  "cannot work",
  "work from home",
  "security",
  "outage",
  "down",
];

function hits(text: string, words: string[]): string[] {
  return words.filter((word) => new RegExp(`\\b${word.replace(/ /g, "\\s+")}\\b`, "i").test(text));
}

export interface MessageSignals {
  sentiment: Sentiment;
  urgency: Urgency;
  because: string[];
}

export function assessMessage(text: string): MessageSignals {
  const negative = hits(text, NEGATIVE);
  const positive = hits(text, POSITIVE);
  const urgent = hits(text, URGENT);
  const exclamations = (text.match(/!/g) ?? []).length;
  const shouting = (text.match(/\b[A-Z]{4,}\b/g) ?? []).length;
  const negativity = negative.length + (exclamations >= 2 ? 1 : 0) + (shouting > 0 ? 1 : 0);
  const sentiment: Sentiment = negativity > positive.length ? "negative" : positive.length > negativity ? "positive" : "neutral";
  const urgency: Urgency =
    urgent.length > 0 || (sentiment === "negative" && negativity >= 3)
      ? "high"
      : positive.length > 0 && negativity === 0
        ? "low"
        : "normal";
  return { sentiment, urgency, because: [...negative, ...positive, ...urgent] };
}
