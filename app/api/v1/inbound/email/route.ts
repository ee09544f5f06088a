import { handleInboundEmailRequest } from "@/lib/mail/inbound-request";

export const dynamic = "force-dynamic";

export const POST = handleInboundEmailRequest;
