import { expect, test } from "@playwright/test";
import { gotoReady, readFixtures } from "./fixtures";

test("the agent works a ticket with its memory: panes, template draft with sources, send, resolve, remembered next time", async ({
  page,
}) => {
  const { memoryTicketId, memoryTicketToken, followUpTicketId } = readFixtures();
  await gotoReady(page, `/tickets/${memoryTicketId}`);

  const customer = page.getByRole("region", { name: "Customer memory" });
  const knowledge = page.getByRole("region", { name: "Agent knowledge" });
  const session = page.getByRole("region", { name: "Session memory" });
  await expect(session).toContainText("Doorbell notifications arrive late");
  // The team's doorbell article matches the customer's words.
  await expect(knowledge.getByRole("listitem").first()).toContainText(/doorbell|firmware/i);
  await expect(customer).toContainText("Nothing remembered about this customer yet.");

  await page.getByRole("button", { name: "Draft reply" }).click();
  const reply = page.getByRole("textbox", { name: "Reply" });
  await expect(reply).toHaveValue(/^Hi Morgan,/);
  await expect(reply).toHaveValue(/\[1\]/);
  await expect(page.getByText("Template draft (no AI model configured)")).toBeVisible();
  await expect(page.getByRole("list", { name: "Draft sources" })).toContainText("[1]");

  await reply.fill(`${await reply.inputValue()}\nP.S. Firmware 3.2.1 is rolling out this week.`);
  await page.getByRole("button", { name: "Send" }).click();
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation.getByRole("listitem").last()).toContainText("P.S. Firmware 3.2.1");
  await expect(session).toContainText("Agent: Hi Morgan");

  await page
    .getByRole("textbox", { name: "Resolution summary" })
    .fill("Updated the doorbell to firmware 3.2.1 and set video quality to Balanced.");
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Resolved" })).toBeVisible();
  await expect(session).toContainText("Nothing recorded for this ticket yet.");

  // The customer is asked for a rating on their own page.
  await gotoReady(page, `/w/demo/t/${memoryTicketToken}`);
  await page.getByRole("button", { name: "5 · Excellent" }).click();
  await expect(page.getByRole("status")).toHaveText("Thanks: you rated this 5 of 5.");

  await gotoReady(page, `/tickets/${followUpTicketId}`);
  // The history holds the problem in the customer's words and the fix, not the subject.
  await expect(customer).toContainText("buzzes 30 seconds later");
  await expect(customer).toContainText("firmware 3.2.1");
});

test("an agent corrects and forgets a memory, and adds a note to the customer's memory", async ({ page }) => {
  const { followUpTicketId } = readFixtures();
  await gotoReady(page, `/tickets/${followUpTicketId}`);
  const customer = page.getByRole("region", { name: "Customer memory" });

  await page.getByRole("button", { name: "Assign to me" }).click();
  await expect(page.getByRole("combobox", { name: "Assignee" })).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByRole("combobox", { name: "Assignee" }).locator("option:checked")).toHaveText("Sam Okafor");
  await page.getByRole("combobox", { name: "Priority" }).selectOption("HIGH");
  await page.waitForLoadState("networkidle");
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Priority" })).toHaveValue("HIGH");
  await expect(page.getByRole("combobox", { name: "Assignee" }).locator("option:checked")).toHaveText("Sam Okafor");

  await page.getByRole("textbox", { name: "Add to customer memory" }).fill("Works nights; call after 2 pm.");
  await page.getByRole("button", { name: "Remember" }).click();
  await expect(customer).toContainText("Works nights; call after 2 pm.");

  const note = customer.getByRole("listitem").filter({ hasText: "Works nights" });
  await note.getByRole("button", { name: "Correct" }).click();
  await customer.getByRole("textbox", { name: "Corrected memory" }).fill("Works nights; call after 3 pm.");
  await customer.getByRole("button", { name: "Save" }).click();
  await expect(customer).toContainText("call after 3 pm.");
  await expect(customer).not.toContainText("call after 2 pm.");

  await customer
    .getByRole("listitem")
    .filter({ hasText: "call after 3 pm" })
    .getByRole("button", { name: /^Forget/ })
    .click();
  await expect(customer).not.toContainText("call after 3 pm.");
});
