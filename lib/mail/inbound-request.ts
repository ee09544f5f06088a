import "server-only";
import { NextResponse } from "next/server";
import { authenticateApiKey } from "@/lib/api/api-keys";
import { env } from "@/lib/env";
import { AppError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { readBodyBytes } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { consumeLimit, limits } from "@/lib/http/rate-limit";
import { receiveInboundEmail } from "./inbound";
import { workspaceOfInboundSecret } from "./settings";

// POST /api/v1/inbound/email: the request boundary for raw mail. Providers' inbound hooks
// authenticate in different ways: a bearer token where the hook can set headers, HTTP Basic
// auth in the hook's URL where it cannot (Postmark, SendGrid). Both carry the workspace's
// inbound secret; an API key works too.

async function workspaceOfRequest(request: Request): Promise<string> {
  const header = request.headers.get("authorization") ?? "";
  const basic = /^Basic\s+([A-Za-z0-9+/=]{4,400})$/i.exec(header);
  if (basic) {
    const [user = "", password = ""] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":", 2);
    const workspaceId = await workspaceOfInboundSecret(password || user);
    if (workspaceId) return workspaceId;
    throw new UnauthorizedError("This inbound secret is not valid.");
  }
  const token = /^Bearer\s+(\S{16,200})$/i.exec(header)?.[1];
  if (token?.startsWith("rdin_")) {
    const workspaceId = await workspaceOfInboundSecret(token);
    if (workspaceId) return workspaceId;
    throw new UnauthorizedError("This inbound secret is not valid.");
  }
  return (await authenticateApiKey(request)).workspaceId;
}

export async function handleInboundEmailRequest(request: Request): Promise<Response> {
  try {
    const workspaceId = await workspaceOfRequest(request);
    await consumeLimit(limits.inboundMail, `workspace:${workspaceId}`);
    if (!/^message\/rfc822\s*(;|$)/i.test((request.headers.get("content-type") ?? "").trim()))
      throw new AppError("Send one raw mail with content-type: message/rfc822.", 415);
    const raw = await readBodyBytes(request, env().MAX_INBOUND_MAIL_BYTES);
    if (raw.length === 0) throw new ValidationError("The body is empty: send one whole mail, headers and body.");
    return NextResponse.json(await receiveInboundEmail({ workspaceId, raw }));
  } catch (error) {
    return toErrorResponse(error);
  }
}
