import { expect, test } from "@playwright/test";
import { demo, e2eApiKey, gotoReady } from "./fixtures";

// Issue 16: the whole of an agent's work on a ticket without a mouse: sign in, find and open
// the ticket from the inbox, draft, send and resolve, with the keyboard alone.

test("an agent signs in, opens a ticket, drafts, sends and resolves with the keyboard alone", async ({ page }) => {
  test.setTimeout(120_000);
  const subject = `Keyboard only ${Date.now().toString(36)}`;
  const created = await page.request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${e2eApiKey}` },
    data: {
      customer: { email: "kay.board@example.org", name: "Kay Board" },
      subject,
      message: "My doorbell chime stopped working after the update.",
    },
  });
  expect(created.status()).toBe(201);

  await gotoReady(page, "/login");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(demo.agent.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.type(demo.agent.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/inbox$/);
  await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });
  await expect(page.locator('[data-keyboard-ready="true"]')).toBeAttached();

  // "/" searches; Esc leaves the box; Enter opens the selected (first) ticket.
  await page.keyboard.press("/");
  await expect(page.locator("#inbox-search")).toBeFocused();
  await page.keyboard.type(subject);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=Keyboard/);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await expect(page.locator('[data-keyboard-ready="true"]')).toBeAttached();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(subject);
  await page.locator('html[data-hydrated="true"]').waitFor({ state: "attached" });

  // "d" drafts from memory, "r" goes to the reply, Ctrl+Enter sends it.
  await page.keyboard.press("d");
  const reply = page.getByRole("textbox", { name: "Reply" });
  await expect(reply).toHaveValue(/^Hi Kay,/, { timeout: 20_000 });
  await expect(reply).not.toHaveAttribute("aria-busy", "true");
  await page.keyboard.press("r");
  await expect(reply).toBeFocused();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("list", { name: "Conversation" }).getByRole("listitem").last()).toContainText("Hi Kay,");

  // Esc leaves the reply box, "e" goes to the resolution summary, Ctrl+Enter resolves.
  await page.keyboard.press("Escape");
  await page.keyboard.press("e");
  await expect(page.getByRole("textbox", { name: "Resolution summary" })).toBeFocused();
  await page.keyboard.type("Re-paired the chime after the firmware update.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("status").filter({ hasText: "Resolved" })).toBeVisible();
});
