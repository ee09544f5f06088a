import { openApiDocument } from "@/lib/api/openapi";
import { publicRoute } from "@/lib/http/boundary";

export const dynamic = "force-dynamic";

// apiOperations.getOpenApiDocument: anyone may read the reference, as at /developers.
export const GET = publicRoute({}, () => ({ body: openApiDocument() }));
