import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { parseS3Url } from "./s3-url";

describe("parseS3Url", () => {
  it("reads endpoint, bucket, region and the percent-decoded key, with TLS and path-style by default", () => {
    expect(parseS3Url("s3://AKIAEXAMPLE:wJalr%2FK7MDENG%2Bbx@s3.eu-west-1.amazonaws.com/desk-files?region=eu-west-1")).toEqual({
      endpoint: "https://s3.eu-west-1.amazonaws.com",
      bucket: "desk-files",
      region: "eu-west-1",
      forcePathStyle: true,
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: "wJalr/K7MDENG+bx",
    });
    expect(parseS3Url("s3://minio:minio-secret@127.0.0.1:9000/files?tls=false&forcePathStyle=false")).toMatchObject({
      endpoint: "http://127.0.0.1:9000",
      bucket: "files",
      region: "us-east-1",
      forcePathStyle: false,
    });
    expect(parseS3Url("s3://k:s@[::1]:9000/files/?tls=false").endpoint).toBe("http://[::1]:9000");
  });

  it("refuses another scheme, a missing key, a bad bucket or option, saying what is wrong", () => {
    expect(() => parseS3Url("https://k:s@s3.amazonaws.com/files")).toThrow("must start with s3://");
    expect(() => parseS3Url("s3://s3.amazonaws.com/files")).toThrow(/must include the access key and secret/);
    expect(() => parseS3Url("s3://k:s@s3.amazonaws.com")).toThrow(/must name one bucket/);
    expect(() => parseS3Url("s3://k:s@s3.amazonaws.com/files/sub")).toThrow(/must name one bucket/);
    expect(() => parseS3Url("s3://k:s@s3.amazonaws.com/Files")).toThrow(/must name one bucket/);
    expect(() => parseS3Url("s3://k:s@host/files?ssl=false")).toThrow(/unknown option ssl/);
    expect(() => parseS3Url("s3://k:s@host/files?tls=no")).toThrow(/tls must be true or false/);
    expect(() => parseS3Url("s3://k:%E0%A4%A@host/files")).toThrow(/percent-encoded secret/);
    expect(() => parseS3Url("not a url")).toThrow(/must be a URL/);
  });

  it("stops start-up on a bad S3_URL with a message naming it; empty means the database", () => {
    expect(() => parseEnv({ S3_URL: "https://k:s@s3.amazonaws.com/files" })).toThrow(/S3_URL: must start with s3:\/\//);
    expect(parseEnv({ S3_URL: "s3://k:s@127.0.0.1:9000/files?tls=false" }).S3_URL).toBe("s3://k:s@127.0.0.1:9000/files?tls=false");
    expect(parseEnv({ S3_URL: "" }).S3_URL).toBeUndefined();
  });
});
