// The REST API v1, described for integrators. Served at /api/v1/openapi.json.

const error = { type: "object", properties: { error: { type: "string" }, fields: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } } } };
const ticket = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    number: { type: "integer" },
    subject: { type: "string" },
    product: { type: "string", nullable: true },
    status: { type: "string", enum: ["open", "pending", "resolved", "closed"] },
    priority: { type: "string", enum: ["low", "normal", "high", "urgent"] },
    createdAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
    resolvedAt: { type: "string", format: "date-time", nullable: true },
    customer: { type: "object", properties: { email: { type: "string" }, name: { type: "string" } } },
    messages: {
      type: "array",
      items: { type: "object", properties: { id: { type: "string" }, from: { type: "string", enum: ["customer", "agent"] }, body: { type: "string" }, createdAt: { type: "string", format: "date-time" } } },
    },
  },
};
const errors = {
  "400": { description: "Invalid input; `fields` says what is wrong.", content: { "application/json": { schema: error } } },
  "401": { description: "Missing, unknown or revoked API key.", content: { "application/json": { schema: error } } },
};
const ticketId = [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }];

export const openApiDocument = {
  openapi: "3.1.0",
  info: { title: "Recall Desk API", version: "1.0.0", description: "Open tickets and add customer messages from other systems. Authenticate with a workspace API key: `Authorization: Bearer <key>`." },
  servers: [{ url: "/api/v1" }],
  components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } }, schemas: { Ticket: ticket, Error: error } },
  security: [{ apiKey: [] }],
  paths: {
    "/tickets": {
      post: {
        summary: "Open a ticket for a customer (created if new)",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["customer", "subject", "message"],
                properties: {
                  customer: { type: "object", required: ["email", "name"], properties: { email: { type: "string", format: "email" }, name: { type: "string" } } },
                  subject: { type: "string", maxLength: 200 },
                  message: { type: "string", maxLength: 20000 },
                  product: { type: "string", maxLength: 120 },
                },
              },
            },
          },
        },
        responses: { "201": { description: "The new ticket", content: { "application/json": { schema: { $ref: "#/components/schemas/Ticket" } } } }, ...errors },
      },
    },
    "/tickets/{id}": {
      get: {
        summary: "A ticket with its conversation (internal notes excluded)",
        parameters: ticketId,
        responses: { "200": { description: "The ticket", content: { "application/json": { schema: { $ref: "#/components/schemas/Ticket" } } } }, ...errors, "404": { description: "No such ticket in this key's workspace." } },
      },
    },
    "/tickets/{id}/messages": {
      post: {
        summary: "Add a message from the customer; reopens a ticket waiting on them",
        parameters: ticketId,
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["message"], properties: { message: { type: "string", maxLength: 20000 } } } } } },
        responses: { "201": { description: "The updated ticket", content: { "application/json": { schema: { $ref: "#/components/schemas/Ticket" } } } }, ...errors, "404": { description: "No such ticket in this key's workspace." } },
      },
    },
  },
} as const;
