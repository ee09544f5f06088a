import { expect, test } from "@playwright/test";
import { demo, e2eApiKey, gotoReady, storageState } from "./fixtures";

// Issue 14, notifications: the admin gives a ticket to a colleague; the colleague's bell,
// on a page already open, counts it at once (pushed, not reloaded), and the notification
// leads to the ticket and is read once followed.

test("a colleague's bell counts a ticket assigned to them, live, and leads to it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const created = await page.request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${e2eApiKey}` },
    data: {
      customer: { email: `ola.${suffix}@example.org`, name: "Ola Berg" },
      subject: `Doorbell chime ${suffix}`,
      message: "The doorbell does not chime any more.",
    },
  });
  expect(created.status()).toBe(201);
  const { id: ticketId } = (await created.json()) as { id: string };

  const colleagueContext = await browser.newContext({ storageState: storageState.agent });
  const colleague = await colleagueContext.newPage();
  await gotoReady(colleague, "/inbox");
  const bell = colleague.getByRole("button", { name: /^Notifications/ });
  await bell.click();
  await colleague
    .getByRole("button", { name: "Mark all read" })
    .click({ timeout: 2000 })
    .catch(() => undefined);
  await colleague.keyboard.press("Escape");
  await expect(bell).toHaveAccessibleName("Notifications");

  await gotoReady(page, `/tickets/${ticketId}`);
  await page.getByLabel("Assignee").selectOption({ label: demo.agent.name });
  await expect(page.getByLabel("Assignee")).toHaveValue(/.+/);

  await expect(bell).toHaveAccessibleName("Notifications, 1 unread", { timeout: 20_000 });
  await bell.click();
  const item = colleague
    .getByRole("list", { name: "Latest notifications" })
    .getByRole("link", { name: new RegExp(`assigned you ticket #\\d+: Doorbell chime ${suffix}`) });
  await expect(item).toContainText(demo.admin.name);
  await item.click();
  await expect(colleague).toHaveURL(new RegExp(`/tickets/${ticketId}$`));
  await expect(bell).toHaveAccessibleName("Notifications", { timeout: 10_000 });
  await colleagueContext.close();
});
