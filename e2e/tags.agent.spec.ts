import { expect, test } from "@playwright/test";
import { e2eApiKey, gotoReady } from "./fixtures";

// Issue 14, tags: an agent tags a ticket on its page (a hostile tag is refused beside the
// field), finds it in the inbox by the tag filter and by `tag:` in the search, and removes it.

test("an agent tags a ticket, filters the inbox by the tag, and removes it", async ({ page }) => {
  test.setTimeout(90_000);
  const suffix = Date.now().toString(36);
  const tag = `billing-${suffix}`;
  const subject = `Charged twice ${suffix}`;
  const created = await page.request.post("/api/v1/tickets", {
    headers: { authorization: `Bearer ${e2eApiKey}` },
    data: {
      customer: { email: `tia.${suffix}@example.org`, name: "Tia Brandt" },
      subject,
      message: "My card was charged twice for this month's plan.",
      tags: ["api-import"],
    },
  });
  expect(created.status()).toBe(201);
  const { id: ticketId, tags } = (await created.json()) as { id: string; tags: string[] };
  expect(tags).toEqual(["api-import"]);

  await gotoReady(page, `/tickets/${ticketId}`);
  const input = page.getByRole("combobox", { name: "Add tag" });
  await input.fill("refund!");
  await input.press("Enter");
  await expect(input).toHaveAccessibleDescription(/Use letters, digits, spaces/);

  await input.fill(` ${tag.toUpperCase()} `);
  await input.press("Enter");
  const tagList = page.getByRole("list", { name: "Tags", exact: true });
  await expect(tagList).toContainText(tag);
  await expect(page.getByRole("button", { name: `Remove tag ${tag}` })).toBeVisible();
  await expect(input).toHaveValue("");
  // Saved, not only shown: a reload still has it.
  await page.reload();
  await expect(page.getByRole("list", { name: "Tags", exact: true })).toContainText(tag);

  await gotoReady(page, "/inbox?view=all");
  const filter = page.getByRole("combobox", { name: "Tag", exact: true });
  await filter.fill(tag);
  await filter.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]tag=${tag}`));
  const table = page.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText(subject);
  await expect(table.getByRole("list", { name: /^Tags of #/ })).toContainText(tag);
  await page.getByRole("button", { name: `Remove tag filter ${tag}` }).click();
  await expect(page).not.toHaveURL(/[?&]tag=/);

  await page.getByRole("searchbox", { name: "Search tickets" }).fill(`tag:${tag}`);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText(subject);

  await gotoReady(page, `/tickets/${ticketId}`);
  await page.getByRole("button", { name: `Remove tag ${tag}` }).click();
  await expect(page.getByRole("button", { name: `Remove tag ${tag}` })).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Tags", exact: true })).toContainText("api-import");
});
