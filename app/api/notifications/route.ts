import { sessionRoute } from "@/lib/http/boundary";
import { listNotifications } from "@/lib/notifications/notifications";

export const dynamic = "force-dynamic";

export const GET = sessionRoute({}, async ({ actor }) => ({ body: await listNotifications({ actor }) }));
