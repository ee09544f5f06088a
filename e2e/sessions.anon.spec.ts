import { expect, type Page, test } from "@playwright/test";
import { gotoReady, storageState } from "./fixtures";
import { acceptInvitation, invite, signIn, signedOut } from "./staff-helpers";

// Issue 17: a user sees where they are signed in and ends a session they do not want. A fresh
// agent (invited by the demo admin, whose stored session this spec only borrows) signs in from
// two browsers; the first ends the second, which is sent to sign in on its next navigation.
// The demo users' own sessions are never ended: other specs reuse them.

const sessionsTable = (page: Page) => page.getByRole("table", { name: "Your sessions" });
/** The body rows of the table, one per session (the header row has no cell). */
const sessionRows = (page: Page) =>
  sessionsTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });

test("a user signed in twice sees both sessions, ends the other, and the other browser must sign in again", async ({ browser }) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const email = `sessions.${suffix}@demo.example`;
  const password = "amber-falcon-meadow";

  const adminContext = await browser.newContext({ storageState: storageState.admin });
  const invitePath = await invite(await adminContext.newPage(), email);
  await adminContext.close();

  // Two browsers with nothing shared but the account.
  const laptop = await acceptInvitation(browser, invitePath, "Noor Sessions", password);
  await signIn(laptop, email, password);
  const phone = await (await browser.newContext({ storageState: signedOut })).newPage();
  await signIn(phone, email, password);

  await laptop.getByRole("link", { name: "Profile" }).click();
  await expect(laptop.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  await laptop.getByRole("link", { name: "Sessions", exact: true }).click();
  await expect(laptop.getByRole("heading", { name: "Sessions", level: 1 })).toBeVisible();
  await expect(sessionRows(laptop)).toHaveCount(2);
  await expect(sessionsTable(laptop)).toContainText("Chrome on Linux");
  const current = sessionRows(laptop).filter({ hasText: "This session" });
  await expect(current).toHaveCount(1);
  // The current session has no End button: signing out is how it ends.
  await expect(current.getByRole("button", { name: "End", exact: true })).toHaveCount(0);

  const other = sessionRows(laptop).filter({ hasNotText: "This session" });
  await expect(other).toHaveCount(1);
  await other.getByRole("button", { name: "End", exact: true }).click();
  await expect(sessionRows(laptop)).toHaveCount(1);
  await expect(laptop.getByText("You are not signed in anywhere else.")).toBeVisible();

  // The phone's cookie is still there, but its session is over: the next page sends it to sign in.
  await gotoReady(phone, "/inbox");
  await expect(phone).toHaveURL(/\/login/);
  // The laptop carries on.
  await gotoReady(laptop, "/inbox");
  await expect(laptop.getByRole("heading", { name: "Inbox" })).toBeVisible();

  // Signed in again on the phone, the laptop ends all other sessions at once.
  await signIn(phone, email, password);
  await gotoReady(laptop, "/profile/sessions");
  await expect(sessionRows(laptop)).toHaveCount(2);
  await laptop.getByRole("button", { name: "End all other sessions" }).click();
  await expect(sessionRows(laptop)).toHaveCount(1);
  await gotoReady(phone, "/inbox");
  await expect(phone).toHaveURL(/\/login/);
});
