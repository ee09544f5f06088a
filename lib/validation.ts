import { z } from "zod";

// Text from people and integrations. PostgreSQL cannot store NUL and other control bytes
// only cause trouble downstream, so they are refused at the boundary with a clear message.
const CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
// Bidirectional embedding and override marks (and the isolates) make text display in
// another order than it is stored: "Invoice\u202Efdp.exe" reads as an innocent name. No
// one types them in a name or a subject; right-to-left scripts display right without them.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

// With the u flag only a surrogate without its pair matches: text that is not valid
// UTF-16 would be stored as U+FFFD and read back different from what was sent.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A trimmed string without control characters (newlines and tabs are fine). */
export const text = () =>
  z
    .string()
    .trim()
    .regex(CONTROL, "Remove the invisible control characters from this text.")
    .refine((value) => !LONE_SURROGATE.test(value), "This text holds a broken character; please type it again.");

/** One line of text (a name, a subject): no line breaks and no direction overrides either. */
export const line = () =>
  text()
    .refine((value) => !/[\r\n]/.test(value), "Keep this on one line.")
    .refine((value) => !BIDI_CONTROL.test(value), "Remove the invisible direction marks from this text.");
