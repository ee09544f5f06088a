// A local server that speaks the OpenAI HTTP API (chat completions, streamed or not, JSON
// mode, embeddings, models), for integration and e2e tests: the internet is out of reach
// and tests must exercise the real openai SDK over HTTP. It is a stand-in for a model, not
// for our code: its answers are simple rules over the prompt it receives.
//
// Control: POST /__control {"mode": "normal" | "fail" | "slow" | "garbled" | "bad-citations"}
// changes how drafts are answered ("fail-facts" fails the customer fact extraction instead,
// "nonsense" answers the JSON readings of signals, steps and resolutions with prose);
// GET /__requests lists the chat requests received. In-process, failNext(count, kind) has
// the next `count` requests of a kind answer 500, as an overloaded model does for a while.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type OpenAITestMode = "normal" | "fail" | "slow" | "garbled" | "bad-citations" | "fail-facts" | "nonsense";
/** What a chat request asks for: a draft, a reading (signals, steps, a resolution), customer facts, mem0's own prompts. */
export type OpenAITestRequestKind = "draft" | "signals" | "steps" | "resolution" | "facts" | "mem0" | "other";

interface ChatMessage {
  role: string;
  content: string;
}
interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string };
}

export interface OpenAITestServer {
  url: string;
  port: number;
  setMode(mode: OpenAITestMode): void;
  /** The next `count` chat requests of this kind (any kind by default) answer 500. */
  failNext(count: number, kind?: OpenAITestRequestKind): void;
  requests: ChatRequest[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deterministic embeddings: words hashed into 256 signed buckets, L2-normalised. */
function embed(text: string): number[] {
  const vector = new Array<number>(256).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (let index = 0; index < word.length; index++) hash = Math.imul(hash ^ word.charCodeAt(index), 16777619);
    vector[(hash >>> 0) % 256]! += hash & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** The prompt quotes customer and document text as JSON strings (lib/ai/draft-prompt.ts). */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value;
  }
}

/** A support reply built from the numbered memories in the prompt, citing the first two. */
function draftFrom(prompt: string, mode: OpenAITestMode): string {
  const customer = unquote(/^Customer: (.+)$/m.exec(prompt)?.[1] ?? "there");
  const agent = unquote(/^Agent: (.+)$/m.exec(prompt)?.[1] ?? "Support");
  const memories = [...prompt.matchAll(/^\[(\d+)\] \(([^)]*)\) (.+)$/gm)].map((match) => ({
    n: match[1]!,
    kind: match[2]!,
    text: unquote(match[3]!),
  }));
  const knowledge = memories.find((memory) => memory.kind.startsWith("team knowledge"));
  const history = memories.find((memory) => memory.kind.startsWith("about this customer"));
  const lines = [`Hi ${customer.split(" ")[0]},`, "", "Thanks for getting in touch."];
  if (knowledge) lines.push(`${(/Solution:\s*(.+)$/.exec(knowledge.text)?.[1] ?? knowledge.text).split(/(?<=\.)\s/)[0]} [${knowledge.n}]`);
  if (history) lines.push(`We have seen this on your account before, so the same fix should hold [${history.n}].`);
  if (mode === "bad-citations") lines.push("Our records show more detail too [42].");
  lines.push("", `Best, ${agent.split(" ")[0]}`);
  return lines.join("\n");
}

function signalsFrom(text: string) {
  const negative = /refund|broken|angry|furious|unacceptable|still/i.test(text);
  const urgent = /today|asap|urgent|deadline|locked out|immediately/i.test(text);
  return JSON.stringify({
    sentiment: negative ? "negative" : "neutral",
    urgency: urgent ? "high" : "normal",
    reason: "test model reading",
  });
}

/** Steps a message says were done: its sentences with a past-tense action verb (lib/ai/model-memory.ts). */
function stepsFrom(prompt: string) {
  const message = unquote(/^Message: (.+)$/m.exec(prompt)?.[1] ?? "");
  const steps = message
    .split(/(?<=[.!?])\s+|\n+/)
    .filter((sentence) => /\b(tried|restarted|reset|rebooted|replaced|updated|reinstalled|swapped)\b/i.test(sentence));
  return JSON.stringify({ steps: steps.map((sentence) => `Model: ${sentence.trim()}`).slice(0, 5) });
}

/** A resolved ticket's problem and fix, marked as the model's (lib/ai/model-memory.ts). */
function resolutionFrom(prompt: string) {
  const words = (label: string) =>
    unquote(new RegExp(`^${label}: (.+)$`, "m").exec(prompt)?.[1] ?? "")
      .split(/\s+/)
      .slice(0, 8)
      .join(" ");
  const sentence = (label: string) => `${words(label).replace(/[.!?]+$/, "")}.`;
  return JSON.stringify({ problem: `Model problem: ${sentence("Customer's first message")}`, fix: `Model fix: ${sentence("Resolution")}` });
}

/**
 * mem0's fact extraction with our support instructions (lib/customers/learned-facts.ts): a
 * fact for each catalogue product the new messages name, and one for "call me".
 */
function supportFactsFrom(prompt: string) {
  const catalogue = (/^Product catalogue: (.+)$/m.exec(prompt)?.[1] ?? "").split("; ").filter((name) => name && name !== "(none yet)");
  const messages = /## New Messages\n([\s\S]*?)\n\n## /.exec(prompt)?.[1] ?? "";
  const facts = catalogue.filter((name) => messages.toLowerCase().includes(name.toLowerCase())).map((name) => `Uses ${name} at home.`);
  if (/\bcall me\b/i.test(messages)) facts.push("Prefers a phone call to email.");
  return JSON.stringify({ memory: facts.map((text, index) => ({ id: String(index), text, attributed_to: "user" })) });
}

function kindOf(system: string, user: string, body: ChatRequest): OpenAITestRequestKind {
  if (system.startsWith("You draft replies")) return "draft";
  if (system.startsWith("Classify the sentiment")) return "signals";
  if (system.startsWith("List the troubleshooting steps")) return "steps";
  if (system.startsWith("Summarise a resolved support ticket")) return "resolution";
  if (body.response_format?.type !== "json_object") return "other";
  return user.includes("Product catalogue:") ? "facts" : "mem0";
}

export async function startOpenAITestServer(port = 0): Promise<OpenAITestServer> {
  let mode: OpenAITestMode = "normal";
  let failing: { count: number; kind?: OpenAITestRequestKind } = { count: 0 };
  const requests: ChatRequest[] = [];

  const server = http.createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      void handle(request, response, raw).catch((error) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message: String(error), type: "server_error" } }));
      });
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse, raw: string) {
    const url = request.url ?? "/";
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url === "/__control" && request.method === "POST") {
      mode = (JSON.parse(raw) as { mode: OpenAITestMode }).mode;
      return json(200, { mode });
    }
    if (url === "/__requests") return json(200, requests);
    if (!/^Bearer \S+/.test(request.headers.authorization ?? ""))
      return json(401, { error: { message: "Missing API key", type: "invalid_request_error" } });
    if (url.endsWith("/models"))
      return json(200, { object: "list", data: [{ id: "support-test-model", object: "model", owned_by: "test" }] });
    if (url.endsWith("/embeddings")) {
      const body = JSON.parse(raw) as { input: string | string[]; model: string };
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      return json(200, {
        object: "list",
        model: body.model,
        data: inputs.map((text, index) => ({ object: "embedding", index, embedding: embed(text) })),
        usage: { prompt_tokens: inputs.join(" ").length / 4, total_tokens: inputs.join(" ").length / 4 },
      });
    }
    if (!url.endsWith("/chat/completions")) return json(404, { error: { message: `No route ${url}`, type: "invalid_request_error" } });

    const body = JSON.parse(raw) as ChatRequest;
    requests.push(body);
    const system = body.messages.find((message) => message.role === "system")?.content ?? "";
    const user = body.messages
      .filter((message) => message.role === "user")
      .map((message) => message.content)
      .join("\n");
    const isDraft = system.startsWith("You draft replies");
    const kind = kindOf(system, user, body);
    if (failing.count > 0 && (!failing.kind || failing.kind === kind)) {
      failing.count -= 1;
      return json(500, { error: { message: "The model is overloaded", type: "server_error" } });
    }
    const reading = kind === "signals" || kind === "steps" || kind === "resolution";
    let content: string;
    if (isDraft) {
      if (mode === "fail") return json(500, { error: { message: "The model is overloaded", type: "server_error" } });
      if (mode === "slow") await sleep(60_000);
      content = mode === "garbled" ? 'Hi \uFFFD\uFFFD {"delta": \u0000\u0001 ]]> \uFFFD\u0002 ok' : draftFrom(user, mode);
    } else if (reading && mode === "nonsense") {
      content = "Sure! I would say it sounds fine overall.";
    } else if (system.startsWith("Classify the sentiment")) {
      content = signalsFrom(user);
    } else if (system.startsWith("List the troubleshooting steps")) {
      content = stepsFrom(user);
    } else if (system.startsWith("Summarise a resolved support ticket")) {
      content = resolutionFrom(user);
    } else if (body.response_format?.type === "json_object" && user.includes("Product catalogue:")) {
      if (mode === "fail-facts") return json(500, { error: { message: "The model is overloaded", type: "server_error" } });
      content = supportFactsFrom(user);
    } else if (body.response_format?.type === "json_object") {
      // mem0's fact extraction and memory update prompts: nothing new to extract.
      content =
        /facts/i.test(system + user) && !/"memory"/.test(system + user) ? JSON.stringify({ facts: [] }) : JSON.stringify({ memory: [] });
    } else {
      content = "OK";
    }
    const usage = {
      prompt_tokens: Math.ceil((system.length + user.length) / 4),
      completion_tokens: Math.ceil(content.length / 4),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const id = `chatcmpl-test-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      return json(200, {
        id,
        object: "chat.completion",
        created,
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
        usage,
      });
    }
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (chunk: unknown) => response.write(`data: ${JSON.stringify(chunk)}\n\n`);
    send({
      id,
      object: "chat.completion.chunk",
      created,
      model: body.model,
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
    });
    // Words arrive a few at a time, as from a real model, so streaming is visible.
    const pieces = content.match(/\S+\s*|\s+/g) ?? [];
    for (let index = 0; index < pieces.length; index += 3) {
      send({
        id,
        object: "chat.completion.chunk",
        created,
        model: body.model,
        choices: [{ index: 0, delta: { content: pieces.slice(index, index + 3).join("") }, finish_reason: null }],
      });
      await sleep(40);
    }
    send({ id, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    if (body.stream_options?.include_usage) send({ id, object: "chat.completion.chunk", created, model: body.model, choices: [], usage });
    response.end("data: [DONE]\n\n");
  }

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/v1`,
    port: actual,
    setMode: (next) => (mode = next),
    failNext: (count, kind) => (failing = { count, kind }),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
