import { expect, test } from "@playwright/test";
import { e2eApiKey, gotoReady, readFixtures } from "./fixtures";

test("the agent opens a demo ticket from the inbox and reads the conversation", async ({ page }) => {
  await gotoReady(page, "/inbox?view=mine");
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
  await gotoReady(page, `/tickets/${demoTicketId}`);
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

test("keyboard: j moves the selection, Enter opens it, ? lists the shortcuts", async ({ page }) => {
  await gotoReady(page, "/inbox");
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(page.locator('[data-keyboard-ready="true"]')).toBeAttached();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("j");
  await expect(rows.nth(2)).toHaveAttribute("aria-selected", "true");
  const subject = (await rows.nth(2).getByRole("link").textContent())!.replace(/^#\d+/, "").trim();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(subject);
});

test("a ticket opened through the REST API appears in the open inbox without a reload", async ({ page }) => {
  await gotoReady(page, "/inbox");
  await expect(page.getByText(/refreshes every 10 s/)).toBeVisible();
  const subject = `Hub firmware question ${Date.now()}`;
  const response = await page.request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${e2eApiKey}` },
    data: { customer: { email: "jo.api@example.org", name: "Jo Api" }, subject, message: "Does the hub support Matter?" },
  });
  expect(response.status()).toBe(201);
  await expect(page.getByRole("table")).toContainText(subject, { timeout: 20_000 });
});

test("a customer's new message appears on the open ticket page, panes included, without a reload", async ({ page }) => {
  const created = await page.request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${e2eApiKey}` },
    data: {
      customer: { email: "live.update@example.org", name: "Liv Update" },
      subject: "Camera offline",
      message: "The garden camera went offline this morning.",
    },
  });
  const { id } = (await created.json()) as { id: string };
  await gotoReady(page, `/tickets/${id}`);
  await page.getByRole("textbox", { name: "Reply" }).fill("Half-written reply");
  const followUp = await page.request.post(`/api/v1/tickets/${id}/messages`, {
    headers: { authorization: `Bearer ${e2eApiKey}` },
    data: { message: "Update: the camera shows a red light since the storm." },
  });
  expect(followUp.status()).toBe(201);
  await expect(page.getByRole("list", { name: "Conversation" }).getByRole("listitem").last()).toContainText("red light since the storm", {
    timeout: 15_000,
  });
  await expect(page.getByRole("region", { name: "Session memory" })).toContainText("red light since the storm");
  await expect(page.getByRole("textbox", { name: "Reply" })).toHaveValue("Half-written reply");
});
