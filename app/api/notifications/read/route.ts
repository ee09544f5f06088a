import { sessionRoute } from "@/lib/http/boundary";
import { markNotificationsRead, markReadSchema } from "@/lib/notifications/notifications";

export const dynamic = "force-dynamic";

export const POST = sessionRoute({ body: markReadSchema }, async ({ actor, body }) => ({
  body: await markNotificationsRead({ actor, ids: body.ids }),
}));
