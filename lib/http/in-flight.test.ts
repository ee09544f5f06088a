import { describe, expect, it } from "vitest";
import { countsAsInFlight, requestsInFlight, requestsQuietForMs, requestStarted, whenNoRequestInFlight } from "./in-flight";

describe("requests in flight", () => {
  it("counts pages, actions and API calls, not static files or event streams", () => {
    expect(countsAsInFlight({ kind: "api", url: "/api/v1/tickets" })).toBe(true);
    expect(countsAsInFlight({ kind: "page", url: "/inbox?status=open", accept: "text/html" })).toBe(true);
    expect(countsAsInFlight({ kind: "static", url: "/_next/static/chunk.js" })).toBe(false);
    // The live stream, whatever the client says it accepts.
    expect(countsAsInFlight({ kind: "api", url: "/api/live" })).toBe(false);
    expect(countsAsInFlight({ kind: "api", url: "/api/live?since=3", accept: "*/*" })).toBe(false);
    expect(countsAsInFlight({ kind: "api", url: "/api/other", accept: "text/event-stream" })).toBe(false);
    expect(countsAsInFlight({ kind: "api", url: "/api/livestock" })).toBe(true);
  });

  it("tells listeners when the last request ends, once per end, until they stop listening", () => {
    expect(requestsInFlight()).toBe(0);
    let idle = 0;
    const stop = whenNoRequestInFlight(() => (idle += 1));
    const first = requestStarted();
    const second = requestStarted();
    expect(requestsInFlight()).toBe(2);
    expect(requestsQuietForMs()).toBe(0);
    first();
    first();
    expect(idle).toBe(0);
    second();
    expect(requestsInFlight()).toBe(0);
    expect(requestsQuietForMs()).toBeGreaterThanOrEqual(0);
    expect(requestsQuietForMs()).toBeLessThan(1000);
    expect(idle).toBe(1);
    stop();
    requestStarted()();
    expect(idle).toBe(1);
  });
});
