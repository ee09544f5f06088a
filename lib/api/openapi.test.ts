import fs from "node:fs";
import path from "node:path";
import { compileErrors, validate } from "@readme/openapi-parser";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import DevelopersPage from "@/app/(public)/developers/page";
import { type JsonSchema, openApiDocument } from "./openapi";

// The published contract of the REST API: a valid OpenAPI 3.1 document that names exactly
// the route handlers under app/api/v1, and documents what the request boundary answers.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const routesRoot = path.resolve("app/api/v1");

function routeFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** app/api/v1/tickets/[id]/route.ts -> /tickets/{id}; route groups do not show in the URL. */
function openApiPath(file: string): string {
  const segments = path.relative(routesRoot, path.dirname(file)).split(path.sep).filter(Boolean);
  return `/${segments
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(\w+)\]$/, "{$1}"))
    .join("/")}`;
}

async function implementedOperations(): Promise<string[]> {
  const found: string[] = [];
  for (const file of routeFiles(routesRoot)) {
    const handlers = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) if (typeof handlers[method] === "function") found.push(`${method} ${openApiPath(file)}`);
  }
  return found.sort();
}

type Operation = {
  parameters?: Array<{ in: string; schema: JsonSchema }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { headers?: Record<string, unknown> }>;
  security?: unknown[];
};

function operations(): Array<[string, Operation]> {
  const document = openApiDocument() as unknown as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(document.paths).flatMap(([route, methods]) =>
    Object.entries(methods).map(([method, operation]) => [`${method.toUpperCase()} ${route}`, operation] as [string, Operation]),
  );
}

/** Every string a client may send, by field path, with its JSON Schema. */
function requestStrings(schema: JsonSchema, at = "body"): Array<[string, JsonSchema]> {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).flatMap((inner) => requestStrings(inner, at));
  if (schema.type === "object")
    return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).flatMap(([name, inner]) =>
      requestStrings(inner, `${at}.${name}`),
    );
  if (schema.type === "array") return requestStrings(schema.items as JsonSchema, `${at}[]`);
  return schema.type === "string" && !schema.enum && schema.const === undefined ? [[at, schema]] : [];
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await validate(structuredClone(openApiDocument()) as never);
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    expect(result.specification).toBe("OpenAPI");
  });

  it("documents every route handler under app/api/v1, and only those", async () => {
    const documented = operations()
      .map(([name]) => name)
      .sort();
    expect(documented).toEqual(await implementedOperations());
  });

  it("bounds every string a client sends", () => {
    const unbounded = operations().flatMap(([name, operation]) => {
      const body = operation.requestBody?.content["application/json"]?.schema;
      const query = (operation.parameters ?? []).filter((parameter) => parameter.in === "query").map((parameter) => parameter.schema);
      return [...(body ? [body] : []), ...query].flatMap((schema) =>
        requestStrings(schema)
          .filter(([, inner]) => typeof inner.maxLength !== "number")
          .map(([field]) => `${name} ${field}`),
      );
    });
    expect(unbounded).toEqual([]);
  });

  it("documents the answers the request boundary gives", () => {
    for (const [name, operation] of operations()) {
      const codes = Object.keys(operation.responses);
      const authenticated = operation.security === undefined;
      if (operation.requestBody) expect(codes, name).toEqual(expect.arrayContaining(["400", "413"]));
      if (operation.parameters?.some((parameter) => parameter.in === "path")) expect(codes, name).toContain("404");
      if (operation.parameters?.some((parameter) => parameter.in === "query")) expect(codes, name).toContain("400");
      if (authenticated) {
        expect(codes, name).toEqual(expect.arrayContaining(["401", "429"]));
        expect(operation.responses["429"]!.headers, name).toHaveProperty("Retry-After");
      }
    }
  });
});

describe("the reference page (/developers)", () => {
  it("shows every operation with its fields, limits and error answers", () => {
    const html = renderToStaticMarkup(DevelopersPage());
    for (const [name] of operations()) expect(html).toContain(`/api/v1${name.split(" ")[1]}`);
    expect(html).toContain("customer.email");
    expect(html).toContain("at most 120 characters");
    expect(html).toContain("Retry-After");
    expect(html).toMatch(/600 requests per 60 seconds/);
    expect(html).toContain('href="#schema-Ticket"');
  });
});
