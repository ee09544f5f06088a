// A session's device in plain words ("Firefox on Windows"), from the User-Agent header kept
// at sign-in. Only names a person would recognise; versions and models are left out, and an
// unknown agent says so rather than guessing.

/** Kept at most this long: enough to name the device, not a place to store arbitrary text. */
export const USER_AGENT_MAX = 300;

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const browsers: Array<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\b(HeadlessChrome|Chrome|CriOS|Chromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/\bcurl\//, "curl"],
];

// iPhone and iPad before "Mac OS X" (their agents say "like Mac OS X"), Android before Linux.
const systems: Array<[RegExp, string]> = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

function firstMatch(list: Array<[RegExp, string]>, text: string): string | null {
  return list.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** "Chrome on macOS", "Firefox", "An iPhone", or "Unknown device". */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown device";
  const browser = firstMatch(browsers, userAgent);
  const system = firstMatch(systems, userAgent);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A ${system} device`;
  return "Unknown device";
}

/** The header as stored: trimmed, cut to USER_AGENT_MAX, null when absent. */
export function storedUserAgent(header: string | null | undefined): string | null {
  const value = header?.trim();
  return value ? value.slice(0, USER_AGENT_MAX) : null;
}
