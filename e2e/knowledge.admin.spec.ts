import { expect, test } from "@playwright/test";
import { e2eApiKey, gotoReady, storageState } from "./fixtures";

test("an admin imports a knowledge file; it is in the knowledge base and in an agent's 'Agent knowledge' pane for a matching ticket", async ({
  page,
  browser,
}) => {
  const file = {
    name: "garden.dev.json",
    mimeType: "application/json",
    buffer: Buffer.from(
      JSON.stringify({
        name: "garden",
        memories: [
          {
            key: "garden:1",
            scope: "agent",
            agent_id: "support_agent",
            text: "Sprinkler valve keeps clicking. Close the Lumio Sprinkler valve by hand, then run a zone test from the app to reseat the solenoid.",
            metadata: { type: "solution", product: "Lumio Sprinkler" },
          },
          { key: "garden:2", scope: "customer", customer_id: "c1", text: "Prefers email.", metadata: { type: "preference" } },
        ],
      }),
    ),
  };
  await gotoReady(page, "/knowledge");
  await page.getByLabel("Knowledge file").setInputFiles(file);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status")).toContainText("Imported 2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected.");
  await expect(page.getByRole("status")).toContainText("Only agent-scope memories are team knowledge");
  const entry = page.getByRole("link", { name: "Sprinkler valve keeps clicking" });
  await expect(entry).toBeVisible();
  await entry.click();
  await expect(page.getByRole("heading", { name: "Sprinkler valve keeps clicking" })).toBeVisible();
  await expect(page.getByText("Published v1")).toBeVisible();

  // A customer writes about it; the agent's pane shows the imported entry.
  const created = await page.request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${e2eApiKey}` },
    data: {
      customer: { email: "gardener@example.org", name: "Gus Gardener" },
      subject: "Sprinkler clicking",
      message: "My sprinkler valve keeps clicking all night.",
      product: "Lumio Sprinkler",
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const agent = await browser.newContext({ storageState: storageState.agent });
  const agentPage = await agent.newPage();
  await gotoReady(agentPage, `/tickets/${id}`);
  await expect(agentPage.getByRole("region", { name: "Agent knowledge" }).getByRole("listitem").first()).toContainText(
    "reseat the solenoid",
  );
  await agent.close();
});

test("an edit is a new version: compare, publish, and restore", async ({ page }) => {
  await gotoReady(page, "/knowledge?q=Sprinkler");
  await page.getByRole("link", { name: "Sprinkler valve keeps clicking" }).click();
  await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });
  await page.getByLabel("Body").fill("Close the Lumio Sprinkler valve by hand, wait a minute, then run a zone test from the app.");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("button", { name: "Publish v2" })).toBeVisible();
  await page.getByRole("link", { name: "Compare version 2 with 1" }).click();
  await expect(page.getByRole("region", { name: /Changes from version 1 to 2/ }).locator("ins")).toContainText(["wait a minute"]);
  await page.getByRole("button", { name: "Publish v2" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Version 2 is published." })).toBeVisible();
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByRole("button", { name: "Publish v3" })).toBeVisible();
});
