import { expect, test } from "@playwright/test";
import { e2eApiKey, gotoReady } from "./fixtures";

// Issue 13, from an empty record: a customer new to the workspace writes in through the API
// with profile fields and a message naming a product; the agent sees the profile, the
// product and the learned preference, corrects one, replies with a step tried and sees it in
// the session pane; the customer's second ticket lists the first as related and, once the
// first is resolved, shows its issue and fix in the customer pane.

test("memory learns from a new customer's tickets: profile, learned facts, steps, related, history", async ({ page }) => {
  test.setTimeout(150_000);
  const suffix = Date.now().toString(36);
  const email = `nadia.${suffix}@example.org`;
  const headers = { authorization: `Bearer ${e2eApiKey}` };
  const first = await page.request.post("/api/v1/tickets", {
    headers,
    data: {
      customer: {
        email,
        name: "Nadia Brandt",
        tier: "business",
        company: "Brandt Bakeries",
        timezone: "Europe/Berlin",
        products: ["Lumio Thermostat"],
      },
      subject: `Plug keeps dropping ${suffix}`,
      message: "My Lumio Smart Plug 2.4 drops off the Wi-Fi every night around midnight. Please call me after 5pm CET.",
    },
  });
  expect(first.status()).toBe(201);
  const { id: firstId } = (await first.json()) as { id: string };

  await gotoReady(page, `/tickets/${firstId}`);
  const customer = page.getByRole("region", { name: "Customer memory" });
  const profile = customer.getByRole("group", { name: "Profile" });
  await expect(profile).toContainText("Brandt Bakeries");
  await expect(profile).toContainText("Lumio Thermostat");
  await expect(profile).toContainText("Europe/Berlin");
  const learned = customer.getByRole("list", { name: "Learned from conversations" });
  await expect(learned).toContainText("Owns Lumio Smart Plug, version 2.4");
  await expect(learned).toContainText("Prefers to be contacted by phone");
  await expect(learned).toContainText("Best reached after 5pm CET");

  // The agent corrects the contact time in place.
  const time = learned.getByRole("listitem").filter({ hasText: "Best reached after 5pm CET" });
  await time.getByRole("button", { name: /^Correct:/ }).click();
  await customer.getByRole("textbox", { name: "Corrected fact" }).fill("Best reached after 6pm CET, on weekdays.");
  await customer.getByRole("button", { name: "Save correction" }).click();
  await expect(customer).toContainText("Best reached after 6pm CET, on weekdays.");
  await expect(customer).not.toContainText("Best reached after 5pm CET");

  // A reply with a step tried: the session pane lists it.
  await page.getByRole("textbox", { name: "Step tried" }).fill("Moved the plug to the 2.4 GHz network");
  await page.getByRole("button", { name: "Add step" }).click();
  await page
    .getByRole("textbox", { name: "Reply" })
    .fill("Hi Nadia, I moved your plug to the 2.4 GHz network; let me know if it still drops.");
  await page.getByRole("button", { name: "Send" }).click();
  const session = page.getByRole("region", { name: "Session memory" });
  await expect(session.getByRole("list", { name: "Steps tried" })).toContainText("Moved the plug to the 2.4 GHz network");

  // Her second ticket links the first as related.
  const second = await page.request.post("/api/v1/tickets", {
    headers,
    data: {
      customer: { email, name: "Nadia Brandt" },
      subject: `Plug offline again ${suffix}`,
      message: "The Lumio Smart Plug went offline again last night.",
    },
  });
  expect(second.status()).toBe(201);
  const { id: secondId } = (await second.json()) as { id: string };
  await gotoReady(page, `/tickets/${secondId}`);
  const related = page.getByRole("region", { name: "Session memory" }).getByRole("list", { name: "Related tickets" });
  await expect(related.getByRole("listitem").filter({ hasText: `Plug keeps dropping ${suffix}` })).toContainText("Same customer");

  // Resolving the first puts its problem and fix in her history, shown on the second.
  await gotoReady(page, `/tickets/${firstId}`);
  await page.getByRole("textbox", { name: "Resolution summary" }).fill("Moving the plug to the 2.4 GHz network stopped the nightly drops.");
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Resolved" })).toBeVisible();
  await gotoReady(page, `/tickets/${secondId}`);
  const history = page.getByRole("region", { name: "Customer memory" });
  await expect(history).toContainText("drops off the Wi-Fi every night");
  await expect(history).toContainText("stopped the nightly drops");
});
