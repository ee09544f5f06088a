import { describe, expect, it } from "vitest";
import { hasFilters, inboxHref, inboxQuerySchema, parseSearch, searchTicketNumber, searchTsQuery } from "./inbox-query";

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
    expect(inboxHref({ view: "all", tag: ["billing", "vip customer"] })).toBe("/inbox?view=all&tag=billing&tag=vip+customer");
  });

  it("reads tags from the URL, one or repeated, normalised, dropping what cannot be a tag", () => {
    expect(inboxQuerySchema.parse({ tag: " Billing " }).tag).toEqual(["billing"]);
    expect(inboxQuerySchema.parse({ tag: ["Billing", "billing", "VIP  customer", "x\u202Ey", "", "a;b"] }).tag).toEqual([
      "billing",
      "vip customer",
    ]);
    expect(inboxQuerySchema.parse({ tag: ["\u0000"] }).tag).toBeUndefined();
    expect(inboxQuerySchema.parse({ tag: 42 }).tag).toBeUndefined();
    expect(inboxQuerySchema.parse({ tag: Array.from({ length: 30 }, (_, index) => `t${index}`) }).tag).toHaveLength(20);
    expect(hasFilters(inboxQuerySchema.parse({ tag: "billing" }))).toBe(true);
    expect(hasFilters(inboxQuerySchema.parse({ tag: "!!" }))).toBe(false);
  });

  it("takes `tag:` operators out of the search box, leaving the words for the full-text search", () => {
    expect(parseSearch("refund tag:Billing")).toEqual({ words: "refund", tags: ["billing"], invalid: false });
    expect(parseSearch('tags:"VIP customer" tag:billing tag:billing')).toEqual({
      words: undefined,
      tags: ["vip customer", "billing"],
      invalid: false,
    });
    // Not an operator inside a word; an operator naming no tag matches nothing rather than everything.
    expect(parseSearch("hashtag:billing")).toEqual({ words: "hashtag:billing", tags: [], invalid: false });
    expect(parseSearch("tag:")).toMatchObject({ invalid: true });
    expect(parseSearch("tag:a&b")).toMatchObject({ invalid: true });
    expect(parseSearch(undefined)).toEqual({ words: undefined, tags: [], invalid: false });
  });
});
