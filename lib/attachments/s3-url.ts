// S3_URL, as lib/env.ts checks it and the attachment store connects with it:
// s3://ACCESS_KEY:SECRET@host[:port]/bucket[?region=us-east-1&tls=false&forcePathStyle=false].
// One scheme for AWS and every S3-compatible server (MinIO, R2, Ceph); the options say what
// differs. Key and secret are percent-decoded (a secret with / or + is written %2F, %2B).
// Pure, so env parsing can use it without touching the network.

export interface S3Target {
  /** Where requests go: https:// unless tls=false. */
  endpoint: string;
  bucket: string;
  region: string;
  /** bucket in the path (host/bucket/key), which MinIO and most compatibles need; AWS takes both. */
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

export class S3UrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "S3UrlError";
  }
}

const OPTIONS = new Set(["region", "tls", "forcePathStyle"]);
// S3's bucket naming rules, lower case only.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new S3UrlError(`has a badly percent-encoded ${what}`);
  }
}

function yesNo(value: string | null, name: string, fallback: boolean): boolean {
  if (value === null) return fallback;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new S3UrlError(`option ${name} must be true or false`);
}

export function parseS3Url(value: string): S3Target {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new S3UrlError("must be a URL like s3://ACCESS_KEY:SECRET@s3.eu-west-1.amazonaws.com/bucket?region=eu-west-1");
  }
  if (url.protocol !== "s3:") throw new S3UrlError("must start with s3:// (s3://ACCESS_KEY:SECRET@host[:port]/bucket)");
  if (!url.hostname) throw new S3UrlError("has no host");
  if (!url.username || !url.password)
    throw new S3UrlError("must include the access key and secret (s3://ACCESS_KEY:SECRET@host/bucket; percent-encode / + @ : in them)");
  const bucket = decode(url.pathname.replace(/^\/+|\/+$/g, ""), "bucket");
  if (!BUCKET.test(bucket)) throw new S3UrlError("must name one bucket as its path (s3://…@host/bucket): 3-63 of a-z 0-9 . -");
  const unknown = [...url.searchParams.keys()].filter((name) => !OPTIONS.has(name));
  if (unknown.length > 0) throw new S3UrlError(`has unknown option ${unknown.join(", ")} (known: region, tls, forcePathStyle)`);
  const region = url.searchParams.get("region") ?? "us-east-1";
  if (!/^[a-z0-9-]+$/.test(region)) throw new S3UrlError("option region must be a region name like eu-west-1");
  const tls = yesNo(url.searchParams.get("tls"), "tls", true);
  return {
    // The URL keeps an IPv6 literal's brackets, which an endpoint URL needs.
    endpoint: `${tls ? "https" : "http"}://${url.host}`,
    bucket,
    region,
    forcePathStyle: yesNo(url.searchParams.get("forcePathStyle"), "forcePathStyle", true),
    accessKeyId: decode(url.username, "access key"),
    secretAccessKey: decode(url.password, "secret"),
  };
}
