-- Email as a channel (issue 14): a reply token per ticket for the reply address, the
-- Message-ID of each mailed message (threading and duplicate deliveries), an inbound mail's
-- whole text beside the new part, the per-workspace mail settings, and the outbound queue.
-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "reply_token" TEXT;
-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "email_message_id" TEXT,
ADD COLUMN     "original_body" TEXT;
-- CreateTable
CREATE TABLE "mail_settings" (
    "workspace_id" UUID NOT NULL,
    "support_address" TEXT,
    "sender_name" TEXT,
    "signature" TEXT,
    "mail_replies" BOOLEAN,
    "inbound_secret_hash" TEXT,
    "inbound_secret_hint" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "mail_settings_pkey" PRIMARY KEY ("workspace_id")
);
-- CreateTable
CREATE TABLE "mail_deliveries" (
    "message_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),
    CONSTRAINT "mail_deliveries_pkey" PRIMARY KEY ("message_id")
);
-- CreateIndex
CREATE UNIQUE INDEX "mail_settings_inbound_secret_hash_key" ON "mail_settings"("inbound_secret_hash");
-- CreateIndex
CREATE INDEX "mail_deliveries_status_next_at_idx" ON "mail_deliveries"("status", "next_at");
-- CreateIndex
CREATE INDEX "mail_deliveries_workspace_id_created_at_idx" ON "mail_deliveries"("workspace_id", "created_at");
-- CreateIndex
CREATE UNIQUE INDEX "tickets_workspace_id_reply_token_key" ON "tickets"("workspace_id", "reply_token");
-- CreateIndex
CREATE UNIQUE INDEX "messages_workspace_id_email_message_id_key" ON "messages"("workspace_id", "email_message_id");
-- AddForeignKey
ALTER TABLE "mail_settings" ADD CONSTRAINT "mail_settings_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "mail_deliveries" ADD CONSTRAINT "mail_deliveries_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "mail_deliveries" ADD CONSTRAINT "mail_deliveries_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
