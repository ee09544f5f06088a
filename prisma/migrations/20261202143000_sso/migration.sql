-- Single sign-on per workspace (issue 17): an OpenID Connect connection set by an admin, and
-- the email domains it answers for. A domain belongs to one workspace (its primary key), so
-- "Continue with single sign-on" finds the one identity provider for an address.
CREATE TABLE "sso_connections" (
    "workspace_id" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret" TEXT NOT NULL,
    "default_role" "Role" NOT NULL DEFAULT 'AGENT',
    "sso_only" BOOLEAN NOT NULL DEFAULT false,
    "break_glass_user_id" UUID,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sso_connections_pkey" PRIMARY KEY ("workspace_id")
);
CREATE TABLE "sso_domains" (
    "domain" TEXT NOT NULL,
    "workspace_id" UUID NOT NULL,

    CONSTRAINT "sso_domains_pkey" PRIMARY KEY ("domain")
);
CREATE INDEX "sso_domains_workspace_id_idx" ON "sso_domains"("workspace_id");
ALTER TABLE "sso_connections" ADD CONSTRAINT "sso_connections_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sso_connections" ADD CONSTRAINT "sso_connections_break_glass_user_id_fkey" FOREIGN KEY ("break_glass_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "sso_domains" ADD CONSTRAINT "sso_domains_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "sso_connections"("workspace_id") ON DELETE CASCADE ON UPDATE CASCADE;
