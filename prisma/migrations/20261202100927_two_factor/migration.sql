-- Two-factor sign-in (issue 17): a TOTP secret per user (AES-GCM ciphertext, as the PII
-- columns), the time step of the last code accepted (a code works once, RFC 6238 5.2),
-- one-time recovery codes stored as keyed hashes, and who a workspace requires it of.
CREATE TYPE "TwoFactorPolicy" AS ENUM ('NOBODY', 'ADMINS', 'EVERYONE');

-- Set while enrolling; the factor is on only once totp_enabled_at is set.
ALTER TABLE "users" ADD COLUMN "totp_secret" TEXT;
ALTER TABLE "users" ADD COLUMN "totp_enabled_at" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "totp_last_step" INTEGER;

ALTER TABLE "workspaces" ADD COLUMN "two_factor_policy" "TwoFactorPolicy" NOT NULL DEFAULT 'NOBODY';

CREATE TABLE "recovery_codes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recovery_codes_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "recovery_codes_user_id_code_hash_key" ON "recovery_codes"("user_id", "code_hash");
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
