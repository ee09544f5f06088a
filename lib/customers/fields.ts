import { z } from "zod";
import { customerTiers } from "@/lib/support/inbox-query";
import { line } from "@/lib/validation";

// The customer profile people set, as one set of rules for every door: the REST API (a
// ticket's `customer`, PATCH /customers/{id}) and the agents' forms. Pure, so forms and the
// OpenAPI document share it. Values are canonical once parsed ("europe/berlin" is stored as
// "Europe/Berlin", "PT-br" as "pt-BR"), so a change is a change and not a re-spelling.

export { customerTiers };
export const preferredChannels = ["email", "phone", "chat"] as const;
export type PreferredChannel = (typeof preferredChannels)[number];
export const channelLabels: Record<PreferredChannel, string> = { email: "Email", phone: "Phone", chat: "Chat" };

export const MAX_PRODUCTS = 50;
export const MAX_PRODUCT_LENGTH = 100;
export const MAX_COMPANY_LENGTH = 120;

export const profileFields = ["tier", "company", "language", "timezone", "preferredChannel", "products"] as const;
export type ProfileField = (typeof profileFields)[number];

/** A BCP 47 tag in Intl's canonical form, or null for anything else ("english", "en_US!"). */
export function canonicalLanguage(value: string): string | null {
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(value)) return null;
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
}

/** An IANA time zone the runtime knows, in its canonical spelling, or null. */
export function canonicalTimeZone(value: string): string | null {
  // Intl also takes offsets ("+01:00"), which say nothing about summer time: names only.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** "de" -> "German"; the tag itself when the runtime has no name for it. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

const oneLine = "One line: no control characters, line breaks or direction marks.";

/** null or "" clears the field. */
const clearable = <T extends z.ZodType<string | null>>(schema: T) => z.union([z.null(), schema]).transform((value) => value || null);

const company = clearable(line().max(MAX_COMPANY_LENGTH, `Keep the company name under ${MAX_COMPANY_LENGTH} characters.`)).meta({
  description: `The customer's company or organisation. ${oneLine} null clears it.`,
});

const language = clearable(
  z
    .string()
    .trim()
    .max(35, "Use a language code such as en, de or pt-BR.")
    .refine((value) => value === "" || canonicalLanguage(value) !== null, "Use a language code such as en, de or pt-BR.")
    .transform((value) => (value === "" ? "" : canonicalLanguage(value)!)),
).meta({ description: "The language to answer in, as a BCP 47 tag (en, de, pt-BR). null clears it." });

const timezone = clearable(
  z
    .string()
    .trim()
    .max(64, "Use a time zone name such as Europe/Berlin.")
    .refine((value) => value === "" || canonicalTimeZone(value) !== null, "Use a time zone name such as Europe/Berlin or America/New_York.")
    .transform((value) => (value === "" ? "" : canonicalTimeZone(value)!)),
).meta({ description: "An IANA time zone name (Europe/Berlin). null clears it." });

const preferredChannel = z
  .union([z.null(), z.literal(""), z.enum(preferredChannels, `Choose ${preferredChannels.join(", ")} or nothing.`)])
  .transform((value) => value || null)
  .meta({ description: "How the customer likes to be reached. null clears it." });

const productName = line()
  .min(1, "A product needs a name.")
  .max(MAX_PRODUCT_LENGTH, `Keep each product name under ${MAX_PRODUCT_LENGTH} characters.`);

/** The products the customer owns, the whole list (duplicates, ignoring case, dropped). */
export const productsSchema = z
  .array(productName)
  .max(MAX_PRODUCTS, `List at most ${MAX_PRODUCTS} products.`)
  .transform((list) => {
    const seen = new Set<string>();
    return list.filter((name) => {
      const key = name.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  })
  .meta({
    description: `The products the customer owns: the whole list, at most ${MAX_PRODUCTS} names of up to ${MAX_PRODUCT_LENGTH} characters. ${oneLine}`,
  });

export const profileShape = {
  tier: z
    .enum(customerTiers, `Choose a tier: ${customerTiers.join(", ")}.`)
    .meta({ description: "How much the account is worth to the team." }),
  company,
  language,
  timezone,
  preferredChannel,
  products: productsSchema,
};

/** A change to some profile fields; a field left out stays as it is. */
export const customerProfilePatchSchema = z.object(profileShape).partial().strict();
export type CustomerProfilePatch = z.output<typeof customerProfilePatchSchema>;

/** Products typed one per line in a form. */
const productLines = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value
          .split(/\r?\n/)
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  productsSchema,
);

/** The profile form of the customer pane and page: every field, products one per line. */
export const customerProfileFormSchema = z.object({ customerId: z.uuid("Unknown customer."), ...profileShape, products: productLines });
