import { z } from "zod";

// Text from people and integrations. PostgreSQL cannot store NUL and other control bytes
// only cause trouble downstream, so they are refused at the boundary with a clear message.
const CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

/** A trimmed string without control characters (newlines and tabs are fine). */
export const text = () => z.string().trim().regex(CONTROL, "Remove the invisible control characters from this text.");
