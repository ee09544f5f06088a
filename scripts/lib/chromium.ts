import fs from "node:fs";

/** The Chromium e2e runs in: CHROMIUM_PATH, then Debian's package, then Playwright's own. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const candidate of candidates) if (candidate && fs.existsSync(candidate)) return candidate;
  return null;
}
