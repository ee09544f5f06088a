import { expect, test } from "@playwright/test";
import { gotoReady } from "./fixtures";
import { acceptInvitation, invite, readMailedPath, signIn, signedOut } from "./staff-helpers";

// Issue 17: staff join by invitation and choose their own password; a forgotten password is
// reset through a mailed link, which signs out every session the account had. The demo admin
// (this project's session) invites and reads the mail at /outbox.

test("an invited agent sets their password and signs in; a reset through the mailed link ends the old session", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const email = `rowan.${suffix}@demo.example`;
  const invitePath = await invite(page, email);

  // The invitee, in a browser of their own, chooses a name and a password; a common one is refused.
  const first = await (await browser.newContext({ storageState: signedOut })).newPage();
  await gotoReady(first, invitePath);
  await first.getByLabel("Your name").fill("Rowan Vale");
  await first.getByLabel("Choose a password").fill("Password2024!");
  await first.getByRole("button", { name: "Create my account" }).click();
  await expect(first.getByText("This password is too common")).toBeVisible();
  await first.context().close();
  const invitee = await acceptInvitation(browser, invitePath, "Rowan Vale", "copper-kettle-orchard");
  await signIn(invitee, email, "copper-kettle-orchard");
  await expect(invitee.getByRole("banner")).toContainText("Rowan Vale");

  // The link worked once; the admin sees the new agent and no pending invitation.
  const again = await (await browser.newContext({ storageState: signedOut })).newPage();
  await gotoReady(again, invitePath);
  await expect(again.getByRole("heading", { name: "Invitation not valid" })).toBeVisible();
  await gotoReady(page, "/settings");
  await expect(page.getByRole("table", { name: "Users of this workspace" }).getByRole("row").filter({ hasText: email })).toContainText(
    "Rowan Vale",
  );
  await expect(page.getByRole("table", { name: "Pending invitations" })).toHaveCount(0);

  // Forgot password, from another browser: the answer does not say whether the address exists.
  const other = again;
  await gotoReady(other, "/login");
  await other.getByRole("link", { name: "Forgot password?" }).click();
  await expect(other).toHaveURL(/\/forgot-password$/);
  await other.getByLabel("Email").fill(email);
  await other.getByRole("button", { name: "Send reset link" }).click();
  await expect(other.getByRole("status")).toContainText(`If ${email} has an account, a link to reset its password is on its way.`);
  await gotoReady(other, "/forgot-password");
  await other.getByLabel("Email").fill(`nobody.${suffix}@demo.example`);
  await other.getByRole("button", { name: "Send reset link" }).click();
  await expect(other.getByRole("status")).toContainText(
    `If nobody.${suffix}@demo.example has an account, a link to reset its password is on its way.`,
  );

  // The reset mail is sent after the answer: wait for it in the outbox.
  let resetPath = "";
  await expect(async () => {
    resetPath = await readMailedPath(page, email, "Reset your Recall Desk password", /\/reset-password\/[A-Za-z0-9_-]{43}/);
  }).toPass({ timeout: 20_000 });
  await gotoReady(other, resetPath);
  await expect(other.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await other.getByLabel("New password").fill("velvet-harbor-compass");
  await other.getByRole("button", { name: "Set new password" }).click();
  await expect(other).toHaveURL(/\/login\?notice=password-reset$/);

  // The invitee's first session is gone: the console sends them to sign in.
  await gotoReady(invitee, "/inbox");
  await expect(invitee).toHaveURL(/\/login/);
  // The link worked once, the old password no more, the new one does.
  await gotoReady(other, resetPath);
  await expect(other.getByRole("heading", { name: "Reset link not valid" })).toBeVisible();
  await gotoReady(invitee, "/login");
  await invitee.getByLabel("Email").fill(email);
  await invitee.getByLabel("Password", { exact: true }).fill("copper-kettle-orchard");
  await invitee.getByRole("button", { name: "Sign in" }).click();
  await expect(invitee.locator("#login-error")).toContainText("Wrong email or password.");
  await signIn(invitee, email, "velvet-harbor-compass");
});

test("a signed-in user changes their password on /profile and signs in again with it", async ({ page, browser }) => {
  // Invitation, acceptance and two sign-ins: well over the default on a busy 2-core machine.
  test.setTimeout(90_000);
  const suffix = Date.now().toString(36);
  const email = `ezra.${suffix}@demo.example`;
  const agent = await acceptInvitation(browser, await invite(page, email), "Ezra Pike", "lantern-moss-river");
  await signIn(agent, email, "lantern-moss-river");
  await agent.getByRole("link", { name: "Profile" }).click();
  await expect(agent.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  await agent.getByLabel("Current password").fill("not-the-password");
  await agent.getByLabel("New password").fill("granite-fjord-pepper");
  await agent.getByRole("button", { name: "Change password" }).click();
  await expect(agent.getByText("This is not your current password.")).toBeVisible();
  await agent.getByLabel("Current password").fill("lantern-moss-river");
  await agent.getByLabel("New password").fill("granite-fjord-pepper");
  await agent.getByRole("button", { name: "Change password" }).click();
  await expect(agent).toHaveURL(/\/login\?notice=password-changed$/);
  await signIn(agent, email, "granite-fjord-pepper");
});
