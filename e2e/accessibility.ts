import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// axe-core on every page the e2e suite opens (issue 16): gotoReady calls it after each
// navigation, once per kind of page (ids, numbers and tokens in the path stand for one kind),
// and e2e/accessibility.*.spec.ts checks every page on purpose. Serious and critical
// violations fail the test; the rest is for the next pass.

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const checked = new Set<string>();

/** The kind of page: /tickets/3f2a…/ and /tickets/9b1c…/ are one. */
export function pageKind(url: string): string {
  const { pathname } = new URL(url);
  return pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":id")
    .replace(/\/[A-Za-z0-9_-]{20,}(?=\/|$)/g, "/:token")
    .replace(/\/\d+(?=\/|$)/g, "/:n");
}

export async function expectAccessible(page: Page, { once = false }: { once?: boolean } = {}): Promise<void> {
  const kind = pageKind(page.url());
  if (once && checked.has(kind)) return;
  checked.add(kind);
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const report = serious.map(
    (violation) =>
      `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes
        .slice(0, 5)
        .map((node) => `    ${node.target.join(" ")}  ${node.failureSummary?.split("\n").slice(1, 2).join("").trim() ?? ""}`)
        .join("\n")}`,
  );
  expect(report, `axe-core on ${kind}`).toEqual([]);
}
