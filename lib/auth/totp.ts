import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

// Time-based one-time codes as every authenticator app makes them (RFC 6238): HMAC-SHA1,
// six digits, 30-second steps. A code of the step before or after is accepted too, for a
// phone clock a little off and a code typed as it changes; two steps away is refused.
// No "server-only": pure functions, unit-tested with a fixed clock.

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_WINDOW = 1;
const ISSUER = "Recall Desk";

function totp(secret: string, account = ""): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** A new secret: 160 random bits (RFC 4226's recommended length), in base32 as apps take it. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** Spaces and dashes people type in the middle of a code are ignored. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/** The 30-second step a moment falls in (RFC 6238's T). */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code an app shows at a moment (tests, and the e2e spec computes the same). */
export function totpCodeAt({ secret, now }: { secret: string; now: Date }): string {
  return totp(secret).generate({ timestamp: now.getTime() });
}

/**
 * The step of the matching code (now ±1 step), or null. Callers compare the step with the
 * last one accepted, so an overheard code cannot be replayed within its window.
 */
export function matchTotpCode({ secret, code, now }: { secret: string; code: string; now: Date }): number | null {
  const token = normalizeCode(code);
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: now.getTime(), window: TOTP_WINDOW });
  return delta === null ? null : totpStep(now) + delta;
}

/** The otpauth:// address an app reads from the QR code. */
export function totpUri({ secret, account }: { secret: string; account: string }): string {
  return totp(secret, account).toString();
}

/** The QR code of the address as an SVG document, drawn here: the secret never leaves for a QR service. */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
