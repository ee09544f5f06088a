import { expect, type Page, test } from "@playwright/test";
import { gotoReady, readFixtures, storageState } from "./fixtures";

async function logInAsRival(page: Page) {
  const { rival } = readFixtures();
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(rival.email);
  await page.getByLabel("Password").fill(rival.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
}

test.describe("a user of another workspace", () => {
  test("sees only their own tickets and cannot open a demo ticket by URL", async ({ page }) => {
    const { demoTicketId, demoTicketSubject } = readFixtures();
    await logInAsRival(page);
    await expect(page.getByRole("table")).toContainText("Rival's own ticket");
    await expect(page.getByRole("table")).not.toContainText(demoTicketSubject);

    await gotoReady(page, `/tickets/${demoTicketId}`);
    await expect(page.getByRole("heading", { name: "Ticket not found" })).toBeVisible();
    await expect(page.getByText(demoTicketSubject)).toHaveCount(0);

    const response = await page.request.get(`/api/tickets/${demoTicketId}`);
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain(demoTicketSubject);
  });

  test("cannot post into a demo ticket through the reply action by changing the form", async ({ page, browser }) => {
    const { demoTicketId, rivalTicketId } = readFixtures();
    const demoAgent = await browser.newContext({ storageState: storageState.agent });
    const messageCount = async () => {
      const response = await demoAgent.request.get(`/api/tickets/${demoTicketId}`);
      expect(response.ok()).toBe(true);
      return ((await response.json()) as { messages: unknown[] }).messages.length;
    };
    const before = await messageCount();

    await logInAsRival(page);
    await gotoReady(page, `/tickets/${rivalTicketId}`);
    // Point the form's hidden ticket id at the other workspace's ticket, as an attacker would.
    // Typing re-renders the form, so the id is changed last, just before sending.
    await page.getByRole("textbox", { name: "Reply" }).fill("Injected from another workspace");
    const replyForm = page.locator("form").filter({ has: page.getByRole("textbox", { name: "Reply" }) });
    await replyForm.locator('input[name="ticketId"]').evaluate((input, id) => ((input as HTMLInputElement).value = id), demoTicketId);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Ticket not found." })).toBeVisible();
    expect(await messageCount()).toBe(before);

    // The same with the Resolve form: the demo ticket stays open.
    const resolveForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Resolve" }) });
    await page.getByRole("textbox", { name: "Resolution summary" }).fill("Closing someone else's ticket");
    await resolveForm.locator('input[name="ticketId"]').evaluate((input, id) => ((input as HTMLInputElement).value = id), demoTicketId);
    await page.getByRole("button", { name: "Resolve" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Ticket not found." }).last()).toBeVisible();
    const status = ((await (await demoAgent.request.get(`/api/tickets/${demoTicketId}`)).json()) as { status: string }).status;
    expect(status).not.toBe("RESOLVED");
    await demoAgent.close();
  });
});
