import { type Browser, expect, type Page } from "@playwright/test";
import { demo, gotoReady } from "./fixtures";

// Shared by the specs that follow mail: the e2e console has no mail server, so the demo
// admin reads mailed links and codes at /outbox. Staff join by invitation: these also drive
// the settings page and the invitation page.

export const demoWorkspaceName = "Lumio Home Support";

/** A browser context with no session, whatever project a spec runs in. */
export const signedOut = { cookies: [], origins: [] };

/** The path of the link in the newest mail with this subject to the address, as an admin reads it at /outbox. */
export async function readMailedPath(admin: Page, email: string, subject: string, path: RegExp): Promise<string> {
  await gotoReady(admin, `/outbox?to=${encodeURIComponent(email)}`);
  await expect(admin.getByRole("heading", { name: "Outbox", level: 1 })).toBeVisible();
  const mail = admin
    .getByRole("article")
    .filter({ has: admin.getByRole("heading", { name: subject, exact: true }) })
    .first();
  await expect(mail).toContainText(`To: ${email}`);
  const found = path.exec((await mail.textContent()) ?? "")?.[0];
  expect(found, `a link matching ${path} in the mail`).toBeDefined();
  return found!;
}

/** Invites the address from /settings as the signed-in admin; returns the mailed invitation path. */
export async function invite(admin: Page, email: string, role: "Agent" | "Admin" = "Agent"): Promise<string> {
  await gotoReady(admin, "/settings");
  const form = admin.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Email", { exact: true }).fill(email);
  await form.getByLabel("Role").selectOption({ label: role });
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toHaveText("Invitation sent.");
  await expect(admin.getByRole("table", { name: "Pending invitations" }).getByRole("row").filter({ hasText: email })).toBeVisible();
  return readMailedPath(admin, email, `You are invited to ${demoWorkspaceName}`, /\/invite\/[A-Za-z0-9_-]{43}/);
}

/** Accepts the invitation in a browser context of its own (no session), as the invitee would. */
export async function acceptInvitation(browser: Browser, invitePath: string, name: string, password: string): Promise<Page> {
  // An empty storage state: in a signed-in project, newContext() would inherit its session.
  const page = await (await browser.newContext({ storageState: signedOut })).newPage();
  await gotoReady(page, invitePath);
  await expect(page.getByRole("heading", { name: `Join ${demoWorkspaceName}`, level: 1 })).toBeVisible();
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/login\?notice=welcome$/);
  await expect(page.getByRole("status")).toContainText("Your account is ready");
  return page;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
}

/** The demo admin, signed in through the form in a context of its own (for specs run without a stored session). */
export async function logInAsAdmin(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ storageState: signedOut })).newPage();
  await gotoReady(page, "/login");
  await page.getByLabel("Email").fill(demo.admin.email);
  await page.getByLabel("Password").fill(demo.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
  return page;
}
