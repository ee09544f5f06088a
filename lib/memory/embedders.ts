import OpenAI from "openai";
import { env } from "@/lib/env";
import { HashingEmbedder } from "./hashing-embedder";

/** What mem0's `langchain` embedder provider accepts, plus a name stored with each vector. */
export interface Embedder {
  readonly id: string;
  readonly dimensions?: number;
  embedQuery(text: string): Promise<number[]>;
  embedDocuments(texts: string[]): Promise<number[][]>;
}

/** Any OpenAI-compatible embeddings endpoint, through the openai SDK. */
class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private readonly client: OpenAI;
  constructor(
    apiKey: string,
    baseURL: string | undefined,
    private readonly model: string,
  ) {
    this.client = new OpenAI({ apiKey, baseURL, timeout: 20_000, maxRetries: 2 });
    this.id = `openai:${model}`;
  }
  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedDocuments([text]))[0]!;
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const response = await this.client.embeddings.create({ model: this.model, input: texts });
    return response.data.sort((left, right) => left.index - right.index).map((item) => item.embedding);
  }
}

class OfflineEmbedder extends HashingEmbedder implements Embedder {
  // v2: stemmed word features (v1 vectors are not comparable with v2 queries).
  readonly id = "hashing-v2";
}

/** The embedder the configuration asks for: OpenAI-compatible with a key, offline otherwise. */
export function createEmbedder(): Embedder {
  const config = env();
  if (config.OPENAI_API_KEY) return new OpenAIEmbedder(config.OPENAI_API_KEY, config.OPENAI_BASE_URL, config.OPENAI_EMBEDDING_MODEL);
  return new OfflineEmbedder();
}
