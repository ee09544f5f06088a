// Where a sign-in may send the user afterwards. An open redirect after login is a phishing
// aid ("sign in at the real console, land on the attacker's copy"), and string checks miss
// what browsers accept: `/\evil.example` and `/\t/evil` both read as `//evil...`. So the
// value is parsed the way a browser would, and only a path on our own origin survives.

// Any origin we own nothing at works for paths: only whether the value leaves it matters.
const PATH_BASE = "http://app.invalid";
// Longer values are no path of ours; a cap keeps the parse cheap and the URL sane.
const MAX_LENGTH = 2048;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The same-origin path (pathname, search and hash) a callback value points to, or null.
 * Accepted: an absolute path ("/inbox?x=1#y"), or a full URL on `origin` when given (what
 * next-auth passes its redirect callback). Relative paths ("inbox") are refused: they
 * would resolve against whatever page the user is on.
 */
export function safeCallbackPath(value: unknown, options: { origin?: string } = {}): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return null;
  const base = options.origin ?? PATH_BASE;
  if (!value.startsWith("/") && !(options.origin && SCHEME.test(value))) return null;
  let url: URL;
  let expected: string;
  try {
    url = new URL(value, base);
    expected = new URL(base).origin;
  } catch {
    return null;
  }
  if (url.origin !== expected) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil" normalises to the path "//evil", which a browser reads as another host.
  if (path.startsWith("//")) return null;
  return path;
}
