import "server-only";
import { z } from "zod";
import type { ChatModel } from "./llm";
import type { MessageSignals } from "./signals";

// Sentiment and urgency of a customer's message, asked of the chat model (JSON mode). The
// answer is validated; anything else is treated as no answer and the lexicon's stands.

const answerSchema = z.object({
  sentiment: z.enum(["negative", "neutral", "positive"]),
  urgency: z.enum(["low", "normal", "high"]),
  reason: z.string().max(300).optional(),
});

export const SIGNALS_SYSTEM_PROMPT = [
  "Classify the sentiment and urgency of a customer's message to a support team.",
  'Answer with JSON only: {"sentiment": "negative" | "neutral" | "positive", "urgency": "low" | "normal" | "high", "reason": "<at most ten words>"}.',
  "Urgency is high when the customer is blocked, losing money, unsafe or facing a deadline; low when they are only asking or thanking.",
].join("\n");

export async function classifyWithModel(text: string, model: ChatModel): Promise<MessageSignals | null> {
  const completion = await model.client.chat.completions.create(
    {
      model: model.model,
      messages: [
        { role: "system", content: SIGNALS_SYSTEM_PROMPT },
        { role: "user", content: text.slice(0, 4000) },
      ],
      response_format: { type: "json_object" },
      temperature: 0,
      max_tokens: 80,
    },
    { timeout: model.idleTimeoutMs },
  );
  const content = completion.choices[0]?.message?.content ?? "";
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return null;
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) return null;
  return { sentiment: parsed.data.sentiment, urgency: parsed.data.urgency, because: parsed.data.reason ? [parsed.data.reason] : [] };
}
