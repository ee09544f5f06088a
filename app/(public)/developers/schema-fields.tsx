import type { ReactNode } from "react";
import type { JsonSchema } from "@/lib/api/openapi";

// Renders JSON Schema from the OpenAPI document as a table of fields, one row per field
// (nested objects and arrays flattened into dotted names), with the limits a client must
// keep. Regular expressions are left to the JSON document: each field's description says
// the rule in words.

export interface Field {
  name: string;
  type: string;
  required: boolean;
  limits: string[];
  description?: string;
}

const REF = "#/components/schemas/";

/** `code` spans in the document's descriptions, as the reader would see them in Markdown. */
export function Prose({ text }: { text: string }): ReactNode {
  return text.split("`").map((part, index) =>
    index % 2 === 1 ? (
      <code key={index} className="rounded bg-slate-100 px-1 font-mono text-[0.9em]">
        {part}
      </code>
    ) : (
      part
    ),
  );
}

export function refName(schema: JsonSchema): string | undefined {
  return typeof schema.$ref === "string" && schema.$ref.startsWith(REF) ? schema.$ref.slice(REF.length) : undefined;
}

function typeOf(schema: JsonSchema): string {
  const ref = refName(schema);
  if (ref) return ref;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(" or ");
  if (Array.isArray(schema.type)) return schema.type.join(" or ");
  if (schema.type === "array") return `array of ${typeOf(schema.items as JsonSchema)}`;
  if (schema.type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object")
    return `object of ${typeOf(schema.additionalProperties as JsonSchema)}`;
  return typeof schema.type === "string" ? schema.type : "any";
}

function limitsOf(schema: JsonSchema): string[] {
  const variants = Array.isArray(schema.anyOf) ? (schema.anyOf as JsonSchema[]) : [schema];
  return variants.flatMap((variant) => {
    const limits: string[] = [];
    if (typeof variant.format === "string") limits.push(variant.format);
    if (Array.isArray(variant.enum)) limits.push(`one of ${variant.enum.map((value) => JSON.stringify(value)).join(", ")}`);
    if (variant.minLength === 1) limits.push("not empty");
    else if (typeof variant.minLength === "number" && variant.minLength > 1) limits.push(`at least ${variant.minLength} characters`);
    if (typeof variant.maxLength === "number") limits.push(`at most ${variant.maxLength.toLocaleString("en")} characters`);
    // zod states the safe-integer range on every integer; it says nothing a client needs.
    if (typeof variant.minimum === "number" && variant.minimum > Number.MIN_SAFE_INTEGER) limits.push(`at least ${variant.minimum}`);
    if (typeof variant.maximum === "number" && variant.maximum < Number.MAX_SAFE_INTEGER) limits.push(`at most ${variant.maximum}`);
    return limits;
  });
}

export function fieldOf(
  name: string,
  schema: JsonSchema,
  required: boolean,
  description = schema.description as string | undefined,
): Field {
  return { name, type: typeOf(schema), required, limits: limitsOf(schema), description };
}

/** The fields of an object schema, nested ones as `parent.child` and array items as `list[].field`. */
export function fieldsOf(schema: JsonSchema, prefix = ""): Field[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).flatMap(([key, inner]) => {
    const name = `${prefix}${key}`;
    const row = fieldOf(name, inner, required.has(key));
    if (inner.type === "object" && inner.properties) return [row, ...fieldsOf(inner, `${name}.`)];
    const items = inner.items as JsonSchema | undefined;
    if (inner.type === "array" && items?.properties) return [row, ...fieldsOf(items, `${name}[].`)];
    return [row];
  });
}

export function FieldTable({ fields, caption }: { fields: Field[]; caption: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">
              Field
            </th>
            <th scope="col" className="px-3 py-2">
              Type
            </th>
            <th scope="col" className="px-3 py-2">
              Rules
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {fields.map((field) => (
            <tr key={field.name}>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                {field.name}
                {field.required ? (
                  <span className="ml-1 text-rose-700">required</span>
                ) : (
                  <span className="ml-1 text-slate-600">optional</span>
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs">
                {/^[A-Z]/.test(field.type) ? (
                  <a href={`#schema-${field.type}`} className="underline">
                    {field.type}
                  </a>
                ) : (
                  field.type
                )}
              </td>
              <td className="px-3 py-2 text-slate-700">
                {field.limits.length > 0 && <span className="block">{field.limits.join("; ")}</span>}
                {field.description && (
                  <span className="block text-slate-600">
                    <Prose text={field.description} />
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
