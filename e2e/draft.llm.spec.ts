import { expect, type Page, test } from "@playwright/test";
import { demo, e2eLlm, gotoReady, readFixtures } from "./fixtures";

// The console whose drafts come from a model: a local server speaking the OpenAI API,
// reached through the openai SDK (scripts/e2e-server.ts).

const control = `http://127.0.0.1:${e2eLlm.openaiPort}/__control`;

async function signIn(page: Page) {
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(demo.agent.email);
  await page.getByLabel("Password").fill(demo.agent.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox/);
}

test.afterEach(async ({ request }) => {
  await request.post(control, { data: { mode: "normal" } });
});

test("an agent drafts a reply that streams from the model with citations, sends it and resolves; the next ticket remembers", async ({
  page,
}) => {
  const { followUpTicketId } = readFixtures("llm");
  await signIn(page);
  await page.getByRole("link", { name: "Doorbell notifications arrive late" }).click();
  await expect(page.getByRole("heading", { name: /Doorbell notifications arrive late/ })).toBeVisible();
  await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });

  const knowledge = page.getByRole("region", { name: "Agent knowledge" });
  const session = page.getByRole("region", { name: "Session memory" });
  await expect(session).toContainText("Doorbell notifications arrive late");
  await expect(knowledge.getByRole("listitem").first()).toContainText(/doorbell|firmware/i);

  // Watch the reply box while the draft arrives: it must fill in pieces, not all at once.
  const reply = page.getByRole("textbox", { name: "Reply" });
  await reply.evaluate((box: HTMLTextAreaElement) => {
    const seen: string[] = [];
    (window as unknown as { draftValues: string[] }).draftValues = seen;
    const timer = setInterval(() => {
      if (box.value && box.value !== seen.at(-1)) seen.push(box.value);
    }, 15);
    setTimeout(() => clearInterval(timer), 15_000);
  });
  await page.getByRole("button", { name: "Draft reply" }).click();
  await expect(page.getByRole("button", { name: "Stop drafting" })).toBeVisible();
  await expect(page.getByText(`AI draft (${e2eLlm.model})`)).toBeVisible();
  await expect(reply).toHaveValue(/^Hi Morgan,[\s\S]*\[1\][\s\S]*Best, Sam$/);
  const final = await reply.inputValue();
  const values = await page.evaluate(() => (window as unknown as { draftValues: string[] }).draftValues);
  const partial = values.filter((value) => value !== final);
  expect(partial.length).toBeGreaterThanOrEqual(3);
  for (const value of partial) expect(final.startsWith(value)).toBe(true);

  // Each citation opens its source in the panes.
  const sources = page.getByRole("list", { name: "Draft sources" });
  await expect(sources).toContainText("team knowledge");
  await sources.getByRole("link", { name: "[1]" }).click();
  await expect(page).toHaveURL(/#source-/);
  await expect(knowledge.locator("li:target")).toBeVisible();

  await reply.fill(`${final}\nP.S. Firmware 3.2.1 is rolling out this week.`);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("list", { name: "Conversation" }).getByRole("listitem").last()).toContainText("P.S. Firmware 3.2.1");

  await page
    .getByRole("textbox", { name: "Resolution summary" })
    .fill("Updated the doorbell to firmware 3.2.1 and set video quality to Balanced.");
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Resolved" })).toBeVisible();

  await gotoReady(page, `/tickets/${followUpTicketId}`);
  const customer = page.getByRole("region", { name: "Customer memory" });
  // With a model, the history's problem and fix are the model's sentences (test/openai-server.ts).
  await expect(customer).toContainText("Model problem:");
  await expect(customer).toContainText("firmware 3.2.1");
});

test("when the model fails, the agent is told and keeps what they wrote", async ({ page, request }) => {
  const { demoTicketId } = readFixtures("llm");
  await signIn(page);
  await gotoReady(page, `/tickets/${demoTicketId}`);
  const reply = page.getByRole("textbox", { name: "Reply" });
  await reply.fill("Let me check this for you.");

  await request.post(control, { data: { mode: "fail" } });
  await page.getByRole("button", { name: "Draft reply" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "AI model" })).toHaveText(
    "The AI model failed (HTTP 500). You can still write the reply yourself.",
  );
  await expect(reply).toHaveValue("Let me check this for you.");

  await request.post(control, { data: { mode: "garbled" } });
  await page.getByRole("button", { name: "Draft reply" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "AI model" })).toHaveText(
    "The AI model returned a garbled draft. You can still write the reply yourself.",
  );
  await expect(reply).toHaveValue("Let me check this for you.");
  await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();
});
