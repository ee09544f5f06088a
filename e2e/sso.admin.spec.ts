import { expect, test } from "@playwright/test";
import { startOidcServer, type TestOidcServer } from "../test/oidc-server";
import { gotoReady } from "./fixtures";
import { signedOut } from "./staff-helpers";

// Issue 17, single sign-on in Chromium: the demo admin connects the workspace to an OpenID
// Connect provider (oidc-provider, run by this spec), someone new at an allowed domain signs
// in through it and lands in the inbox as an agent; someone at another domain is refused with
// the reason. The connection is removed at the end so other specs keep their passwords.

let idp: TestOidcServer | undefined;

test.afterAll(async () => {
  await idp?.close();
});

test("an admin connects an identity provider; a new colleague signs in through it, an outsider is refused", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const domain = `sso-${suffix}.test`;

  await gotoReady(page, "/settings");
  const section = page.getByRole("region", { name: "Single sign-on" });
  await expect(section).toContainText("Not set up.");
  const callbackUrl = (await section.locator("#sso-callback-url").textContent())?.trim() ?? "";
  expect(callbackUrl).toMatch(/\/api\/auth\/callback\/sso-[a-z0-9-]+$/);

  idp = await startOidcServer({ redirectUris: [callbackUrl] });
  idp.accounts.set("jordan", { email: `jordan@${domain}`, email_verified: true, name: "Jordan Rivers" });
  idp.accounts.set("outsider", { email: `outsider@elsewhere-${suffix}.test`, email_verified: true, name: "Outsider" });

  // A refused save says what is wrong and keeps what was typed.
  await section.getByLabel("Issuer URL").fill("http://idp.example.com");
  await section.getByLabel("Client ID").fill(idp.clientId);
  await section.getByLabel("Client secret").fill(idp.clientSecret);
  await section.getByLabel("Allowed email domains").fill(domain);
  await section.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(section.getByText("The issuer must use https")).toBeVisible();
  await expect(section.getByLabel("Allowed email domains")).toHaveValue(domain);

  await section.getByLabel("Issuer URL").fill(idp.issuer);
  await section.getByLabel("Client secret").fill(idp.clientSecret);
  await section.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(section.getByRole("status")).toHaveText("Saved. It applies to the next sign-in.");
  await expect(section).toContainText("On.");

  // Someone new at the allowed domain: from the login page to the provider and back, signed in.
  const colleague = await (await browser.newContext({ storageState: signedOut })).newPage();
  await gotoReady(colleague, "/login");
  await colleague.getByRole("button", { name: "Continue with single sign-on" }).click();
  await colleague.getByLabel("Work email").fill(`jordan@${domain}`);
  idp.signInAs("jordan");
  await colleague.getByRole("button", { name: "Continue with single sign-on" }).click();
  await expect(colleague).toHaveURL(/\/inbox$/, { timeout: 20_000 });
  await expect(colleague.getByRole("banner")).toContainText("Jordan Rivers");
  await colleague.context().close();

  // The provider signs in someone at a domain the workspace does not allow: refused, with why.
  const outsider = await (await browser.newContext({ storageState: signedOut })).newPage();
  await gotoReady(outsider, "/login");
  await outsider.getByRole("button", { name: "Continue with single sign-on" }).click();
  await outsider.getByLabel("Work email").fill(`someone@${domain}`);
  idp.signInAs("outsider");
  await outsider.getByRole("button", { name: "Continue with single sign-on" }).click();
  await expect(outsider).toHaveURL(/\/login\?sso=domain$/, { timeout: 20_000 });
  await expect(outsider.locator("#sso-problem")).toContainText("not at a domain this workspace signs in with");
  // A domain nobody set up is answered on the page.
  await outsider.getByRole("button", { name: "Continue with single sign-on" }).click();
  await outsider.getByLabel("Work email").fill(`someone@unknown-${suffix}.test`);
  await outsider.getByRole("button", { name: "Continue with single sign-on" }).click();
  await expect(outsider.locator("#sso-error")).toContainText("Single sign-on is not set up for this email's domain");
  await outsider.context().close();

  // The new agent is listed; the admin removes the connection again.
  await gotoReady(page, "/settings");
  await expect(
    page
      .getByRole("table", { name: "Users of this workspace" })
      .getByRole("row")
      .filter({ hasText: `jordan@${domain}` }),
  ).toContainText("Agent");
  await page.getByRole("region", { name: "Single sign-on" }).getByRole("button", { name: "Remove single sign-on" }).click();
  await page.getByRole("alertdialog", { name: "Remove single sign-on?" }).getByRole("button", { name: "Remove single sign-on" }).click();
  await expect(page.getByRole("region", { name: "Single sign-on" })).toContainText("Not set up.");
});
