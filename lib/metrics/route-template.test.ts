import { describe, expect, it } from "vitest";
import { routeTemplate } from "./route-template";

describe("routeTemplate", () => {
  it("puts each parameter's name where its value stands", () => {
    expect(routeTemplate("/api/v1/tickets/8c6f1c3e-0d7a-4f7e-9a51-7f0d3b8c2a10", { id: "8c6f1c3e-0d7a-4f7e-9a51-7f0d3b8c2a10" })).toBe(
      "/api/v1/tickets/[id]",
    );
    expect(routeTemplate("/api/tickets/t1/messages/m1", { id: "t1", messageId: "m1" })).toBe("/api/tickets/[id]/messages/[messageId]");
  });

  it("leaves a route without parameters as it is", () => {
    expect(routeTemplate("/api/health/live")).toBe("/api/health/live");
    expect(routeTemplate("/")).toBe("/");
  });

  it("matches encoded values, and a catch-all's run of segments", () => {
    expect(routeTemplate("/api/files/a%20b", { name: "a b" })).toBe("/api/files/[name]");
    expect(routeTemplate("/api/auth/callback/oidc", { nextauth: ["callback", "oidc"] })).toBe("/api/auth/[...nextauth]");
  });

  it("takes the value's last occurrence, so a fixed segment with the same text stays", () => {
    expect(routeTemplate("/api/export/export", { kind: "export" })).toBe("/api/export/[kind]");
  });
});
