import { describe, expect, it } from "vitest";
import { PayloadTooLargeError, ValidationError } from "@/lib/errors";
import { readFormData, readJsonBody } from "./body";
import { z } from "zod";

function multipart(size: number): Request {
  const form = new FormData();
  form.set("file", new File(["x".repeat(size)], "import.csv", { type: "text/csv" }));
  const encoded = new Response(form);
  const headers = new Headers({ "content-type": encoded.headers.get("content-type")! });
  return new Request("http://localhost/api/knowledge/import", {
    method: "POST",
    headers,
    // Without a declared length the limit is met while the body streams in.
    body: encoded.body,
    duplex: "half",
  } as RequestInit);
}

describe("request bodies within a byte limit", () => {
  it("reads a multipart upload under the limit", async () => {
    const form = await readFormData(multipart(10_000), 64 * 1024);
    expect((form.get("file") as File).size).toBe(10_000);
  });

  it("stops a streamed upload at the limit (413) instead of buffering it", async () => {
    await expect(readFormData(multipart(300_000), 64 * 1024)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("refuses a declared Content-Length past the limit before reading", async () => {
    const request = new Request("http://localhost/x", {
      method: "POST",
      headers: { "content-length": "5000000", "content-type": "application/json" },
      body: "{}",
    });
    await expect(readJsonBody(request, z.object({}), 1024)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("answers a bad upload or bad JSON with a 400, not a crash", async () => {
    const garbage = new Request("http://localhost/x", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=zzz" },
      body: "not multipart at all",
    });
    await expect(readFormData(garbage, 1024)).rejects.toBeInstanceOf(ValidationError);
    const json = new Request("http://localhost/x", { method: "POST", body: "{oops" });
    await expect(readJsonBody(json, z.object({}), 1024)).rejects.toBeInstanceOf(ValidationError);
  });
});
