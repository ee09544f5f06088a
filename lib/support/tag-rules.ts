import { z } from "zod";

// What a ticket tag may be. Pure (no database), so the inbox URL, the filter bar, the ticket
// page and the REST API share one rule. A tag is a label agents type and click, not text:
// letters (any script), digits, space, "-", "_" and "." only, so no control character,
// direction mark or look-alike punctuation can make two tags read the same. Lower-cased and
// NFKC-normalised, so "Billing", "billing " and a decomposed "é" are one tag.

export const TAG_MAX_LENGTH = 40;
export const MAX_TAGS_PER_TICKET = 20;

const TAG_PATTERN = /^[\p{L}\p{N}_.\- ]+$/u;
export const TAG_RULE = "Use letters, digits, spaces, “-”, “_” or “.” (up to 40 characters).";

/** One tag as a person or an integration sends it: trimmed, inner spaces folded, lower-cased. */
export const tagSchema = z
  .string()
  // NFKC also folds look-alikes of the same letters (fullwidth "ｂｉｌｌｉｎｇ", "ﬁ") into one tag.
  .normalize("NFKC")
  .trim()
  .overwrite((value) => value.replace(/ {2,}/g, " "))
  .toLowerCase()
  .min(1, "Enter a tag.")
  .max(TAG_MAX_LENGTH, `Keep a tag to ${TAG_MAX_LENGTH} characters.`)
  .regex(TAG_PATTERN, TAG_RULE)
  .meta({ description: `A tag: ${TAG_RULE} Trimmed and lower-cased.` });

/** A list of tags: each normalised, duplicates dropped (first kept), at most 20. */
export const tagListSchema = z
  .array(tagSchema)
  .max(MAX_TAGS_PER_TICKET, `A ticket has at most ${MAX_TAGS_PER_TICKET} tags.`)
  .transform((tags) => [...new Set(tags)]);

/** The tag as stored, or null when it is not one (for lenient readers: a URL, a search). */
export function normalizeTag(value: unknown): string | null {
  const parsed = tagSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
