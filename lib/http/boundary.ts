import "server-only";
import { headers } from "next/headers";
import { NextResponse } from "next/server";
import { z } from "zod";
import { type ApiCaller, authenticateApiKey } from "@/lib/api/api-keys";
import { type Actor, requireActor, type Role } from "@/lib/auth/guard";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { observeRoute } from "@/lib/metrics/registry";
import { routeTemplate } from "@/lib/metrics/route-template";
import { jsonBodyLimit, readJsonBody } from "./body";
import { clientAddressFrom } from "./client-address";
import { type ActionResult, invalidInput, toActionFailure, toErrorResponse } from "./errors";
import { consumeLimit, type LimitRule, limits } from "./rate-limit";

// The request boundary, written once. Every public server action and every route handler
// goes through one of these wrappers, which in order: check the origin of state-changing
// requests, identify the caller (nobody, a signed-in user re-read from the database with
// their role, or an API key), count the request against its limit, read the body within
// its byte limit and parse it with zod, and map every error to one answer (400 with field
// errors, 401, 403, 404, 409, 413, 429 with Retry-After, 500 without internals).
// Signed-in server actions use defineAction (lib/auth/action.ts), built on the same pieces.

export const slugSchema = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/);

/**
 * False for a request whose Origin names another site. Server actions are checked by
 * Next.js as well; route handlers that use the session cookie rely on this.
 */
export function sameOrigin(list: Pick<Headers, "get">): boolean {
  const origin = list.get("origin");
  if (!origin || origin === "null") return origin !== "null";
  try {
    return new URL(origin).host === (list.get("x-forwarded-host") ?? list.get("host"));
  } catch {
    return false;
  }
}

function formInput(raw: FormData | Record<string, unknown> | undefined): Record<string, unknown> {
  if (raw instanceof FormData) return Object.fromEntries(raw);
  return raw ?? {};
}

interface PublicActionOptions<S extends z.ZodType> {
  schema: S;
  limit?: LimitRule;
  invalidMessage?: string;
}

/** What every public action checks, in order: the origin, `checkTarget` (say, a slug), the input, the client's limit. */
async function admitPublic<S extends z.ZodType>(
  options: PublicActionOptions<S>,
  form: FormData | Record<string, unknown> | undefined,
  checkTarget: () => void,
): Promise<{ input: z.output<S>; client: string }> {
  const list = await headers();
  if (!sameOrigin(list)) throw new ForbiddenError();
  checkTarget();
  const parsed = options.schema.safeParse(formInput(form));
  if (!parsed.success) throw invalidInput(parsed.error, options.invalidMessage);
  const client = clientAddressFrom(list);
  if (options.limit) await consumeLimit(options.limit, client);
  return { input: parsed.data, client };
}

/**
 * A public server action for a workspace's pages (support form, ticket link, privacy):
 * `(slug, formData)`. The slug and the input are parsed, the client's address (from our
 * server, never a header the client chose) is counted against `limit`, and the handler's
 * errors become a result the form shows.
 */
export function publicAction<S extends z.ZodType, T>(
  options: PublicActionOptions<S>,
  handler: (args: { slug: string; input: z.output<S>; client: string }) => Promise<T>,
): (slug: string, form?: FormData | Record<string, unknown>) => Promise<ActionResult<T>> {
  return async (rawSlug, form) => {
    try {
      const slug = slugSchema.safeParse(rawSlug);
      const { input, client } = await admitPublic(options, form, () => {
        if (!slug.success) throw new NotFoundError("Support page");
      });
      return { ok: true, data: await handler({ slug: slug.data!, input, client }) };
    } catch (error) {
      return toActionFailure(error);
    }
  };
}

/**
 * A public server action outside any workspace's pages (accepting an invitation, asking for
 * or using a password reset): `(formData)`, with the same checks as publicAction. The link's
 * token, when there is one, is part of the input.
 */
export function publicFormAction<S extends z.ZodType, T>(
  options: PublicActionOptions<S>,
  handler: (args: { input: z.output<S>; client: string }) => Promise<T>,
): (form?: FormData | Record<string, unknown>) => Promise<ActionResult<T>> {
  return async (form) => {
    try {
      const { input, client } = await admitPublic(options, form, () => {});
      return { ok: true, data: await handler({ input, client }) };
    } catch (error) {
      return toActionFailure(error);
    }
  };
}

/** What a route handler returns: a JSON body (status 200 unless given) or a whole Response. */
export type RouteAnswer = { status?: number; body: unknown; headers?: Record<string, string> } | Response;

interface RouteOptions<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType = None> {
  /** Route parameters; a value that does not parse is a 404 (an id that cannot exist). */
  params?: P;
  /** The query string; a value that does not parse is a 400 naming the parameter. */
  query?: Q;
  /** A JSON body; read within maxBytes (default MAX_JSON_BODY_BYTES). */
  body?: B;
  maxBytes?: number;
  limit?: LimitRule;
}

interface RouteContext<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType = None> {
  request: Request;
  params: z.output<P>;
  body: z.output<B>;
  query: z.output<Q>;
  client: string;
}

type NextContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (request: Request, context?: NextContext) => Promise<Response>;

function answer(result: RouteAnswer): Response {
  if (result instanceof Response) return result;
  return NextResponse.json(result.body, { status: result.status ?? 200, headers: result.headers });
}

/** Times the handler into recall_http_request_duration_seconds, by route template (no ids in labels). */
function timed(handler: Handler): Handler {
  return async (request, context) => {
    const started = performance.now();
    const response = await handler(request, context);
    const params = await Promise.resolve(context?.params).catch(() => undefined);
    observeRoute({
      method: request.method,
      route: routeTemplate(new URL(request.url).pathname, params),
      status: response.status,
      seconds: (performance.now() - started) / 1000,
    });
    return response;
  };
}

function isWrite(request: Request): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(request.method);
}

async function prepare<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType = None>(
  options: RouteOptions<P, B, Q>,
  request: Request,
  context: NextContext | undefined,
  limitKey: string | null,
): Promise<RouteContext<P, B, Q>> {
  const client = clientAddressFrom(request.headers);
  if (options.limit) await consumeLimit(options.limit, limitKey ?? client);
  let params = {} as z.output<P>;
  if (options.params) {
    const parsed = options.params.safeParse(await context?.params);
    if (!parsed.success) throw new NotFoundError();
    params = parsed.data;
  }
  let query = {} as z.output<Q>;
  if (options.query) {
    const parsed = options.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw invalidInput(parsed.error);
    query = parsed.data;
  }
  const body = (options.body ? await readJsonBody(request, options.body, options.maxBytes ?? jsonBodyLimit()) : undefined) as z.output<B>;
  return { request, params, body, query, client };
}

// A route that declares no params, body or query gets {} for them.
type None = z.ZodObject<Record<never, never>>;

/** A route anyone may call (it proves who they are some other way, or needs no proof). */
export function publicRoute<P extends z.ZodType = None, B extends z.ZodType = None>(
  options: RouteOptions<P, B>,
  handler: (context: RouteContext<P, B>) => RouteAnswer | Promise<RouteAnswer>,
): Handler {
  return timed(async (request, context) => {
    try {
      return answer(await handler(await prepare(options, request, context, null)));
    } catch (error) {
      return toErrorResponse(error);
    }
  });
}

/** A console route: the session is re-read (disabled users and changed roles count at once), writes must come from our own pages. */
export function sessionRoute<P extends z.ZodType = None, B extends z.ZodType = None, Q extends z.ZodType = None>(
  options: RouteOptions<P, B, Q> & { role?: Role },
  handler: (context: RouteContext<P, B, Q> & { actor: Actor }) => RouteAnswer | Promise<RouteAnswer>,
): Handler {
  return timed(async (request, context) => {
    try {
      if (isWrite(request) && !sameOrigin(request.headers)) throw new ForbiddenError();
      const actor = await requireActor({ role: options.role });
      const prepared = await prepare(options, request, context, `user:${actor.userId}`);
      return answer(await handler({ ...prepared, actor }));
    } catch (error) {
      return toErrorResponse(error);
    }
  });
}

/** A REST API route: `Authorization: Bearer <key>`, counted per key (limits.api unless given). */
export function apiKeyRoute<P extends z.ZodType = None, B extends z.ZodType = None, Q extends z.ZodType = None>(
  options: RouteOptions<P, B, Q>,
  handler: (context: RouteContext<P, B, Q> & { caller: ApiCaller }) => RouteAnswer | Promise<RouteAnswer>,
): Handler {
  return timed(async (request, context) => {
    try {
      const caller = await authenticateApiKey(request);
      const prepared = await prepare({ limit: limits.api, ...options }, request, context, `key:${caller.keyId}`);
      return answer(await handler({ ...prepared, caller }));
    } catch (error) {
      return toErrorResponse(error);
    }
  });
}
