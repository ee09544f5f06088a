-- Security round (issue 12): public-form tickets wait for a proven address, ticket links
-- can be revoked, promoted fixes wait for review, erasure flags knowledge for review,
-- sign-in lockouts are kept, rate limits are shared by processes, running app processes
-- are known (key rotation refuses beside them), and the audit chain is keyed.

-- A ticket opened on the public form joins its customer only once the address is proven.
-- Tickets from before this migration (and every API or console ticket) count as verified.
ALTER TABLE "tickets" ADD COLUMN "verified_at" TIMESTAMPTZ(3);
UPDATE "tickets" SET "verified_at" = "created_at";
-- Bumped to revoke every link to the ticket given out so far.
ALTER TABLE "tickets" ADD COLUMN "link_version" INTEGER NOT NULL DEFAULT 1;

-- Knowledge drafts made from recurring fixes, with the tickets they came from.
ALTER TABLE "knowledge_articles" ADD COLUMN "origin" TEXT;
ALTER TABLE "knowledge_articles" ADD COLUMN "source_ticket_ids" UUID[] DEFAULT ARRAY[]::UUID[];

CREATE TABLE "knowledge_review_flags" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "article_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "passage" TEXT NOT NULL,
    "erasure_request_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by_user_id" UUID,

    CONSTRAINT "knowledge_review_flags_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "knowledge_review_flags_workspace_id_resolved_at_idx" ON "knowledge_review_flags"("workspace_id", "resolved_at");
ALTER TABLE "knowledge_review_flags" ADD CONSTRAINT "knowledge_review_flags_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "knowledge_review_flags" ADD CONSTRAINT "knowledge_review_flags_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "knowledge_articles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- An account locked after repeated failed sign-ins: shown to admins, who can lift it.
CREATE TABLE "sign_in_lockouts" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "failures" INTEGER NOT NULL,
    "locked_until" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lifted_at" TIMESTAMPTZ(3),
    "lifted_by_user_id" UUID,

    CONSTRAINT "sign_in_lockouts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sign_in_lockouts_workspace_id_locked_until_idx" ON "sign_in_lockouts"("workspace_id", "locked_until");
CREATE INDEX "sign_in_lockouts_user_id_locked_until_idx" ON "sign_in_lockouts"("user_id", "locked_until");
ALTER TABLE "sign_in_lockouts" ADD CONSTRAINT "sign_in_lockouts_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sign_in_lockouts" ADD CONSTRAINT "sign_in_lockouts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- rate-limiter-flexible's PostgreSQL store (its own layout: key, points, expire in ms).
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- App processes using this database, each refreshing its row while it runs.
CREATE TABLE "app_instances" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_instances_pkey" PRIMARY KEY ("id")
);

-- Entries chained with an HMAC under a key derived from the root secret; older entries
-- keep their unkeyed hashes and are verified as such.
ALTER TABLE "audit_logs" ADD COLUMN "keyed" BOOLEAN NOT NULL DEFAULT false;
