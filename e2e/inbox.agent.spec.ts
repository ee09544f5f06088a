import { expect, test } from "@playwright/test";
import { readFixtures } from "./fixtures";

test("the agent opens a demo ticket from the inbox and reads the conversation", async ({ page }) => {
  await page.goto("/inbox?view=mine");
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  const { demoTicketSubject } = readFixtures();
  await page.getByRole("link", { name: demoTicketSubject }).first().click();

  await expect(page.getByRole("heading", { level: 1 })).toContainText(demoTicketSubject);
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation.getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("complementary", { name: "Customer" })).toContainText("@example.");
});

test("the agent replies and the reply shows in the conversation; an empty reply is refused", async ({ page }) => {
  const { demoTicketId } = readFixtures();
  await page.goto(`/tickets/${demoTicketId}`);
  const conversation = page.getByRole("list", { name: "Conversation" });
  const before = await conversation.getByRole("listitem").count();

  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Write a message first.")).toBeVisible();
  await expect(conversation.getByRole("listitem")).toHaveCount(before);

  const reply = `Thanks for the details, checking the logs now (${Date.now()}).`;
  await page.getByRole("textbox", { name: "Reply" }).fill(reply);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(conversation.getByRole("listitem")).toHaveCount(before + 1);
  await expect(conversation.getByRole("listitem").last()).toContainText(reply);
  await expect(page.getByRole("textbox", { name: "Reply" })).toHaveValue("");
});
