import { expect, type Page, test } from "@playwright/test";
import { gotoReady } from "./fixtures";

function directive(policy: string, name: string): string | undefined {
  return policy
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `));
}

function nonceOf(policy: string): string {
  const match = /'nonce-([^']+)'/.exec(directive(policy, "script-src") ?? "");
  expect(match, `no nonce in ${policy}`).not.toBeNull();
  return match![1]!;
}

/** Records every CSP violation the page reports, and the console's CSP messages. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) messages.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || "(inline)"} in ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return async () => [...messages, ...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations))];
}

test("a page carries a nonce-based policy and the other security headers", async ({ request }) => {
  const response = await request.get("/login");
  expect(response.status()).toBe(200);
  const headers = response.headers();
  const policy = headers["content-security-policy"]!;
  expect(directive(policy, "script-src")).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
  expect(directive(policy, "object-src")).toBe("object-src 'none'");
  expect(directive(policy, "base-uri")).toBe("base-uri 'self'");
  expect(directive(policy, "form-action")).toBe("form-action 'self'");
  expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // Plain HTTP here: no HSTS, which a browser would ignore anyway.
  expect(headers["strict-transport-security"]).toBeUndefined();

  // The scripts Next.js renders carry this response's nonce.
  const html = await response.text();
  expect(html).toContain(`nonce="${nonceOf(policy)}"`);
});

test("the nonce is fresh on every request", async ({ request }) => {
  const first = (await request.get("/w/demo/support")).headers()["content-security-policy"]!;
  const second = (await request.get("/w/demo/support")).headers()["content-security-policy"]!;
  expect(nonceOf(first)).not.toBe(nonceOf(second));
});

test("behind an HTTPS proxy, pages ask the browser to stay on HTTPS", async ({ request }) => {
  const response = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(response.headers()["strict-transport-security"]).toMatch(/^max-age=\d+/);
});

test("a route handler's answer is never sniffed, framed or run", async ({ request }) => {
  const response = await request.get("/api/health");
  const headers = response.headers();
  expect(headers["content-type"]).toContain("application/json");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(directive(headers["content-security-policy"]!, "default-src")).toBe("default-src 'none'");
  expect(directive(headers["content-security-policy"]!, "frame-ancestors")).toBe("frame-ancestors 'none'");
});

test("a ticket-link page, whose URL is its key, sends no Referer", async ({ request }) => {
  const response = await request.get("/w/demo/t/not-a-real-token");
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");
});

test("the login and support pages load and work with no policy violation", async ({ page }) => {
  const violations = await watchViolations(page);
  await gotoReady(page, "/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill("nobody@demo.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  expect(await violations()).toEqual([]);

  await gotoReady(page, "/w/demo/support");
  await expect(page.getByRole("heading", { name: "How can we help?" })).toBeVisible();
  // A server action round trip: refused input comes back field by field.
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  expect(await violations()).toEqual([]);
});

test("the policy is enforced: an injected inline handler does not run", async ({ page }) => {
  const violations = await watchViolations(page);
  await gotoReady(page, "/w/demo/support");
  const ran = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const holder = document.createElement("div");
        holder.innerHTML = '<img src="data:," onerror="window.__injected = true">';
        document.body.appendChild(holder);
        setTimeout(() => resolve((window as unknown as { __injected?: boolean }).__injected === true), 500);
      }),
  );
  expect(ran).toBe(false);
  expect((await violations()).some((line) => line.includes("script-src"))).toBe(true);
});
