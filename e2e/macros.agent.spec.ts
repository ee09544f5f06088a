import { expect, test } from "@playwright/test";
import { demo, e2eApiKey, gotoReady } from "./fixtures";

// Issue 14, canned replies: an agent writes one on /macros (a placeholder it does not know is
// refused beside the field), inserts it on a ticket with "/" in the reply box, sends it, and
// sees the macro's actions on the ticket: a pending ticket opens again, its priority urgent.

test("an agent creates a canned reply, inserts it with / and sends it; its actions apply", async ({ page }) => {
  test.setTimeout(90_000);
  const suffix = Date.now().toString(36);
  const name = `Investigating ${suffix}`;
  const created = await page.request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${e2eApiKey}` },
    data: {
      customer: { email: `mia.${suffix}@example.org`, name: "Mia Kowalski" },
      subject: `Camera offline ${suffix}`,
      message: "My Lumio camera has been offline since this morning.",
    },
  });
  expect(created.status()).toBe(201);
  const { id: ticketId } = (await created.json()) as { id: string };

  await gotoReady(page, "/macros");
  await expect(page.getByRole("heading", { level: 1, name: "Canned replies" })).toBeVisible();
  const form = page.getByRole("region", { name: "New canned reply" });
  await form.getByLabel("Name").fill(`Broken ${suffix}`);
  await form.getByLabel("Text").fill("Hi {{customer.email}}");
  await form.getByRole("button", { name: "Create canned reply" }).click();
  await expect(form.getByLabel("Text")).toHaveAccessibleDescription(/Unknown placeholder \{\{customer\.email\}\}/);
  // What was typed stays after the refusal.
  await expect(form.getByLabel("Name")).toHaveValue(`Broken ${suffix}`);

  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Text").fill("Hi {{customer.firstName}}, we're looking into ticket #{{ticket.number}} now. {{agent.name}}");
  await form.getByLabel("Status").selectOption("OPEN");
  await form.getByLabel("Priority").selectOption("URGENT");
  await form.getByRole("button", { name: "Create canned reply" }).click();
  await expect(page.getByRole("table", { name: "Canned replies" }).getByRole("link", { name, exact: true })).toBeVisible();

  // The ticket waits on the customer, until the macro opens it again.
  await gotoReady(page, `/tickets/${ticketId}`);
  const status = page.getByRole("combobox", { name: "Status" });
  await status.selectOption("PENDING");
  await expect(status).toHaveValue("PENDING");

  const reply = page.getByRole("textbox", { name: "Reply" });
  await reply.click();
  await page.keyboard.type(`/investigating ${suffix}`);
  const options = page.getByRole("listbox", { name: "Canned replies" });
  await expect(options.getByRole("option")).toHaveCount(1);
  await expect(options.getByRole("option", { selected: true })).toContainText(name);
  await page.keyboard.press("Enter");
  await expect(reply).toHaveValue(new RegExp(`^Hi Mia, we're looking into ticket #\\d+ now\\. ${demo.agent.name}$`));
  await expect(options).toBeHidden();
  await expect(reply).toBeFocused();

  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("list", { name: "Conversation" }).getByRole("listitem").last()).toContainText("we're looking into ticket #");
  await expect(status).toHaveValue("OPEN");
  await expect(page.getByRole("combobox", { name: "Priority" })).toHaveValue("URGENT");
  await expect(reply).toHaveValue("");

  // The shortcut: Esc leaves the box, "m" opens the list there; Esc closes it, the box keeps focus.
  await page.keyboard.press("Escape");
  await page.keyboard.press("m");
  await expect(reply).toBeFocused();
  await expect(options).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(options).toBeHidden();
  await expect(reply).toBeFocused();
});
