import path from "node:path";
import type { Memory } from "mem0ai/oss";
import { env } from "@/lib/env";
import { meterChatCompletions, meterEmbedder } from "@/lib/metrics/usage";
import { callContext } from "./context";
import { createEmbedder, type Embedder } from "./embedders";
import { DatabaseVectorStore } from "./store";

// One mem0 `Memory` per process. mem0 keeps its job (adding, scoring that blends vector and
// keyword match, expiry); its vector store is ours, handed over through its factory, and its
// SQLite history is off (history lives in our database, where erasure reaches it).

const globalForMem0 = globalThis as unknown as { __mem0?: Promise<{ memory: Memory; embedder: Embedder }> };

export function getMem0(): Promise<{ memory: Memory; embedder: Embedder }> {
  globalForMem0.__mem0 ??= createMem0();
  return globalForMem0.__mem0;
}

async function createMem0() {
  const config = env();
  // Read by mem0 when its module loads: set first, so nothing ever reaches for the internet.
  process.env.MEM0_TELEMETRY = "false";
  process.env.MEM0_DIR ??= path.join(config.dataDir, "mem0");
  const { Memory, VectorStoreFactory } = await import("mem0ai/oss");

  const factory = VectorStoreFactory as unknown as { create: (provider: string, options: Record<string, unknown>) => unknown };
  if (!(factory as { __recallDesk?: boolean }).__recallDesk) {
    const original = factory.create.bind(factory);
    factory.create = (provider, options) => (provider === "custom" ? new DatabaseVectorStore(options) : original(provider, options));
    (factory as { __recallDesk?: boolean }).__recallDesk = true;
  }

  const embedder = meterEmbedder(createEmbedder());
  const memory = new Memory({
    embedder: { provider: "langchain", config: { model: embedder } },
    vectorStore: {
      provider: "custom",
      config: { collectionName: "memories", ...(embedder.dimensions && { dimension: embedder.dimensions }) },
    },
    llm: {
      provider: "openai",
      config: {
        apiKey: config.OPENAI_API_KEY ?? "not-configured",
        model: config.OPENAI_MODEL,
        ...(config.OPENAI_BASE_URL && { baseURL: config.OPENAI_BASE_URL }),
      },
    },
    disableHistory: true,
  });
  // mem0 reads its extraction instructions from the instance; ours differ by workspace (its
  // product catalogue), so each call brings its own through the call context.
  Object.defineProperty(memory, "customInstructions", { get: () => callContext().instructions, configurable: true });
  meterChatCompletions((memory as unknown as { llm?: { openai?: Parameters<typeof meterChatCompletions>[0] } }).llm?.openai);
  return { memory, embedder };
}
