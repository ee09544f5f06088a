import { afterAll, beforeAll } from "vitest";
import { flushBackgroundWork } from "@/lib/background";
import { settleJobs } from "@/lib/jobs";
import { type OpenAITestServer, startOpenAITestServer } from "./openai-server";
import { dropOwnDatabase, switchToOwnDatabase } from "./own-database";

// For a test file whose messages the chat model reads in jobs: the local stand-in server as
// the configured model for the whole file, on a database of the file's own (another file's
// workers would read its messages with their own model settings, or none). Afterwards the
// jobs and background work are waited for and the settings put back.

const resetConfiguration = () => {
  // The configuration and the mem0 instance are read once per process: start them afresh.
  delete (globalThis as { __appEnv?: unknown }).__appEnv;
  delete (globalThis as { __mem0?: unknown }).__mem0;
};

/** Registers the file's hooks; the returned object's `server` is set once they have run. */
export function modelForFile(databaseLabel: string): { server: OpenAITestServer } {
  const holder = {} as { server: OpenAITestServer };
  const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
  beforeAll(async () => {
    holder.server = await startOpenAITestServer();
    process.env.OPENAI_API_KEY = "test-key";
    process.env.OPENAI_BASE_URL = holder.server.url;
    resetConfiguration();
    await switchToOwnDatabase(databaseLabel);
  }, 120_000);
  afterAll(async () => {
    await settleJobs();
    await flushBackgroundWork();
    await dropOwnDatabase();
    await holder.server.close();
    if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = saved.key;
    if (saved.url === undefined) delete process.env.OPENAI_BASE_URL;
    else process.env.OPENAI_BASE_URL = saved.url;
    resetConfiguration();
  });
  return holder;
}
