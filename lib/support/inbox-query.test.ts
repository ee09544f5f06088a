import { describe, expect, it } from "vitest";
import { inboxHref, inboxQuerySchema, searchTicketNumber, searchTsQuery } from "./inbox-query";

describe("inbox query", () => {
  it("keeps valid filters and drops invalid ones, so a hand-edited URL still shows the inbox", () => {
    const valid = inboxQuerySchema.parse({
      view: "resolved",
      status: "CLOSED",
      priority: "URGENT",
      product: " Lumio Hub ",
      assignee: "none",
      tier: "enterprise",
      q: "  pairing ",
      sort: "sla",
    });
    expect(valid).toMatchObject({
      view: "resolved",
      status: "CLOSED",
      priority: "URGENT",
      product: "Lumio Hub",
      assignee: "none",
      tier: "enterprise",
      q: "pairing",
      sort: "sla",
    });

    const invalid = inboxQuerySchema.parse({
      view: "everything",
      status: "open",
      priority: ["HIGH", "LOW"],
      product: "",
      assignee: "robert'); DROP TABLE",
      tier: "gold",
      q: "",
      sort: "random",
      cursor: 42,
    });
    expect(invalid).toEqual({ view: "open", sort: "updated_desc" });
    // A long search is cut, not dropped: dropping it would list everything as if it matched.
    expect(inboxQuerySchema.parse({ q: "x".repeat(500) }).q).toHaveLength(200);
  });

  it("turns the search box into prefix words joined by AND, with no operator passing through", () => {
    expect(searchTsQuery("Plug won't pair")).toBe("plug:* & won:* & t:* & pair:*");
    expect(searchTsQuery("wi-fi 2.4 GHz dana@example.com")).toBe("wi-fi:* & 2.4:* & ghz:* & dana@example.com:*");
    expect(searchTsQuery("a & !b | (c) <-> 'd':*")).toBe("a:* & b:* & c:* & d:*");
    expect(searchTsQuery("!!! ---")).toBeNull();
    expect(searchTsQuery(undefined)).toBeNull();
    expect(searchTicketNumber("#123")).toBe(123);
    expect(searchTicketNumber("123 456")).toBeNull();
  });

  it("writes short, linkable URLs without the defaults", () => {
    expect(inboxHref({ view: "open", sort: "updated_desc" })).toBe("/inbox");
    expect(inboxHref({ view: "mine", priority: "HIGH", q: "wi fi", sort: "priority" })).toBe(
      "/inbox?view=mine&priority=HIGH&q=wi+fi&sort=priority",
    );
  });
});
