import "server-only";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { parseS3Url, type S3Target } from "./s3-url";

// Where a file's bytes live, behind one small interface: the database (attachment_contents,
// the embedded default) or an S3-compatible bucket when S3_URL is set, for the whole
// deployment. The database store is made with a client, so `storeAttachments` hands it the
// message's transaction and a file stands or falls with its message; the S3 store ignores
// the client. Reads look in attachment_contents first, then the bucket: files kept before
// S3_URL was set stay readable, without a migration or a column saying where each one is.

/** A file's place: `<workspaceId>/<attachmentId>` as an object key. */
export interface AttachmentKey {
  workspaceId: string;
  attachmentId: string;
}

export interface AttachmentStore {
  put(key: AttachmentKey, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: AttachmentKey): Promise<Uint8Array | null>;
  delete(keys: AttachmentKey[]): Promise<void>;
}

type ContentClient = Pick<Prisma.TransactionClient, "attachmentContent">;

export function databaseStore(db: ContentClient): AttachmentStore {
  return {
    async put(key, bytes) {
      await db.attachmentContent.create({ data: { attachmentId: key.attachmentId, bytes: Buffer.from(bytes) } });
    },
    async get(key) {
      const row = await db.attachmentContent.findUnique({ where: { attachmentId: key.attachmentId }, select: { bytes: true } });
      return row?.bytes ?? null;
    },
    async delete(keys) {
      if (keys.length === 0) return;
      await db.attachmentContent.deleteMany({ where: { attachmentId: { in: keys.map((key) => key.attachmentId) } } });
    },
  };
}

export const objectKey = (key: AttachmentKey) => `${key.workspaceId}/${key.attachmentId}`;

const globalForS3 = globalThis as unknown as { __attachmentS3?: { url: string; client: S3Client } };

/** One client per S3_URL (tests point the variable elsewhere and drop the parsed env). */
function s3Client(url: string, target: S3Target): S3Client {
  if (globalForS3.__attachmentS3?.url !== url) {
    globalForS3.__attachmentS3?.client.destroy();
    const client = new S3Client({
      endpoint: target.endpoint,
      region: target.region,
      forcePathStyle: target.forcePathStyle,
      credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
      // Checksums only where S3 requires them: several compatible servers reject the
      // newer default ones.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      // A bucket that does not answer fails the send rather than hold it (the message's
      // transaction gives up after 5 s in any case, and rolls back).
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
    });
    globalForS3.__attachmentS3 = { url, client };
  }
  return globalForS3.__attachmentS3.client;
}

/** Closes the bucket's connections (tests, shutdown). */
export function closeObjectStore(): void {
  globalForS3.__attachmentS3?.client.destroy();
  globalForS3.__attachmentS3 = undefined;
}

export function s3Store(url: string): AttachmentStore & { client: S3Client; bucket: string } {
  const target = parseS3Url(url);
  const client = s3Client(url, target);
  const { bucket } = target;
  return {
    client,
    bucket,
    async put(key, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey(key), Body: bytes, ContentType: contentType }));
    },
    async get(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        return object.Body ? await object.Body.transformToByteArray() : null;
      } catch (error) {
        if ((error as { name?: string }).name === "NoSuchKey") return null;
        throw error;
      }
    },
    async delete(keys) {
      // DeleteObjects takes at most 1,000 keys; deleting a missing key is not an error.
      for (let start = 0; start < keys.length; start += 1000) {
        const objects = keys.slice(start, start + 1000).map((key) => ({ Key: objectKey(key) }));
        const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
        if (result.Errors?.length) throw new Error(`The bucket kept ${result.Errors.length} file(s): ${result.Errors[0]!.Code}`);
      }
    },
  };
}

/** The bucket when S3_URL is set, else null (the bytes are rows, which go with their attachment). */
export function objectStore(): ReturnType<typeof s3Store> | null {
  const url = env().S3_URL;
  return url ? s3Store(url) : null;
}

/** Where new files go: the bucket when S3_URL is set, else attachment_contents through `db`. */
export function attachmentStore(db: ContentClient): AttachmentStore {
  return objectStore() ?? databaseStore(db);
}

/** The bytes of each file found, by attachment id: its row if it has one, else its object. */
export async function readStoredFiles(keys: AttachmentKey[]): Promise<Map<string, Uint8Array>> {
  const database = databaseStore(await getPrisma());
  const objects = objectStore();
  const found = new Map<string, Uint8Array>();
  for (const key of keys) {
    const bytes = (await database.get(key)) ?? (await objects?.get(key)) ?? null;
    if (bytes) found.set(key.attachmentId, bytes);
  }
  return found;
}

/** Every object in the bucket, a page of up to 1,000 at a time (lib/attachments/sweep.ts). */
export async function* listObjects(store: ReturnType<typeof s3Store>): AsyncGenerator<Array<{ key: string; modifiedAt: Date }>> {
  let token: string | undefined;
  do {
    const page: ListObjectsV2CommandOutput = await store.client.send(
      new ListObjectsV2Command({ Bucket: store.bucket, ContinuationToken: token }),
    );
    yield (page.Contents ?? []).flatMap((object) =>
      object.Key ? [{ key: object.Key, modifiedAt: object.LastModified ?? new Date(0) }] : [],
    );
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
