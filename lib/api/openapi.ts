import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { formatBytes, jsonBodyLimit } from "@/lib/http/body";
import { limits } from "@/lib/http/rate-limit";
import { type ApiOperation, apiOperations } from "./operations";
import {
  apiCustomerSchema,
  apiErrorSchema,
  apiInternalErrorSchema,
  apiRateLimitedSchema,
  apiTicketSchema,
  apiValidationErrorSchema,
} from "./schemas";

// The REST API v1 as an OpenAPI 3.1 document, generated from the zod schemas the route
// handlers validate with (lib/api/operations.ts) and the boundary's error answers
// (lib/http/errors.ts). Served at /api/v1/openapi.json and rendered at /developers.

export type JsonSchema = { [key: string]: unknown };

/** Shapes published once under components.schemas and referenced by name. */
const named = new Map<z.ZodType, string>([
  [apiTicketSchema, "Ticket"],
  [apiCustomerSchema, "Customer"],
  [apiErrorSchema, "Error"],
  [apiValidationErrorSchema, "ValidationError"],
  [apiRateLimitedSchema, "RateLimited"],
  [apiInternalErrorSchema, "InternalError"],
]);

/** What a client sends ("input": before trimming and lower-casing) or receives ("output"). */
export function toJsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: "draft-2020-12" }) as JsonSchema;
  return rest;
}

function json(schema: z.ZodType) {
  const name = named.get(schema);
  return { "application/json": { schema: name ? { $ref: `#/components/schemas/${name}` } : toJsonSchema(schema, "output") } };
}

function parameters(params: z.ZodObject, where: "path" | "query") {
  return Object.entries(params.shape).map(([name, schema]) => {
    const { description, ...rest } = toJsonSchema(schema as z.ZodType, "input");
    return {
      name,
      in: where,
      required: where === "path" || !(schema as z.ZodType).safeParse(undefined).success,
      description,
      schema: rest,
    };
  });
}

/** The answers every operation of its kind can give, as lib/http/boundary.ts and errors.ts produce them. */
function errorResponses(operation: ApiOperation) {
  const responses: Record<string, unknown> = {};
  if (operation.body) {
    responses["400"] = {
      description: "The body is not JSON, or a field fails its rules; `fields` names each field with its messages.",
      content: json(apiValidationErrorSchema),
    };
  } else if (operation.query) {
    responses["400"] = {
      description: "A query parameter is missing or fails its rules; `fields` names each with its messages.",
      content: json(apiValidationErrorSchema),
    };
  }
  if (operation.rawBody) {
    responses["400"] = { description: "The message cannot be used: no valid sender address, say.", content: json(apiErrorSchema) };
    responses["413"] = {
      description: `The message is larger than ${formatBytes(env().MAX_INBOUND_MAIL_BYTES)}; nothing was read or stored.`,
      content: json(apiErrorSchema),
    };
    responses["415"] = { description: `The body is not sent as ${operation.rawBody.contentType}.`, content: json(apiErrorSchema) };
  }
  if (operation.authenticated)
    responses["401"] = {
      description: "No `Authorization: Bearer <key>` header, or an unknown or revoked key.",
      content: json(apiErrorSchema),
    };
  if (operation.notFound)
    responses["404"] = {
      description: `${operation.notFound} An id that is not a UUID gets the same answer.`,
      content: json(apiErrorSchema),
    };
  if (operation.body)
    responses["413"] = {
      description: `The body is larger than ${formatBytes(jsonBodyLimit())}; nothing was read or stored.`,
      content: json(apiErrorSchema),
    };
  if (operation.authenticated) {
    responses["429"] = {
      description: `This key used its ${limits.api.points} requests per ${limits.api.windowSeconds} seconds; try again after Retry-After seconds.`,
      headers: { "Retry-After": { description: "Seconds until the key may call again.", schema: { type: "integer", minimum: 1 } } },
      content: json(apiRateLimitedSchema),
    };
    responses["500"] = {
      description: "An unexpected failure; nothing about it is shown but a request id.",
      content: json(apiInternalErrorSchema),
    };
  }
  return responses;
}

function describeOperation(operation: ApiOperation) {
  const { success } = operation;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    ...(!operation.authenticated && { security: [] }),
    ...((operation.params || operation.query) && {
      parameters: [
        ...(operation.params ? parameters(operation.params, "path") : []),
        ...(operation.query ? parameters(operation.query, "query") : []),
      ],
    }),
    ...(operation.body && {
      requestBody: { required: true, content: { "application/json": { schema: toJsonSchema(operation.body, "input") } } },
    }),
    ...(operation.rawBody && {
      requestBody: {
        required: true,
        description: operation.rawBody.description,
        content: { [operation.rawBody.contentType]: { schema: { type: "string", format: "binary" } } },
      },
    }),
    responses: {
      [String(success.status)]: {
        description: success.description,
        content: success.schema ? json(success.schema) : { "application/json": { schema: { type: "object" } } },
      },
      ...errorResponses(operation),
    },
  };
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of Object.values(apiOperations) as ApiOperation[])
    (paths[operation.path] ??= {})[operation.method] = describeOperation(operation);
  const { points, windowSeconds } = limits.api;
  return {
    openapi: "3.1.0",
    info: {
      title: "Recall Desk API",
      version: "1.0.0",
      description:
        "Open tickets and add customer messages from other systems. Authenticate with a workspace API key, " +
        "which an admin creates under Settings: `Authorization: Bearer <key>`. " +
        `Each key may make ${points} requests per ${windowSeconds} seconds (429 with Retry-After past that). ` +
        `Request bodies are JSON of at most ${formatBytes(jsonBodyLimit())}. Errors answer {"error": "..."}, with \`fields\` for invalid input.`,
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "A workspace API key. The key is shown once when created and stored only as a hash.",
        },
      },
      schemas: Object.fromEntries([...named].map(([schema, name]) => [name, toJsonSchema(schema, "output")])),
    },
    paths,
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
