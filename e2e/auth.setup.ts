import { expect, test as setup } from "@playwright/test";
import { demo, gotoReady, storageState } from "./fixtures";

// Log in once per role through the real form; the specs reuse the session cookie.
for (const role of ["agent", "admin"] as const) {
  setup(`log in as the demo ${role}`, async ({ page }) => {
    await gotoReady(page, "/login");
    await page.getByLabel("Email").fill(demo[role].email);
    await page.getByLabel("Password").fill(demo[role].password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/inbox$/);
    await expect(page.getByRole("banner").getByText(demo[role].name)).toBeVisible();
    await page.context().storageState({ path: storageState[role] });
  });
}
