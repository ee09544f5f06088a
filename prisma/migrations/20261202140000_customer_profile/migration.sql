-- Customer profile fields people can set (issue 13): company, language, preferred channel
-- and products owned, beside the existing tier and time zone.
ALTER TABLE "customers" ADD COLUMN "company" TEXT,
ADD COLUMN "language" TEXT,
ADD COLUMN "preferred_channel" TEXT,
ADD COLUMN "products" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- The free-text preference stays (the drafter reads it); where it starts with a channel
-- ("email, short answers", "phone call for anything urgent") that channel is the preferred one.
UPDATE "customers" SET "preferred_channel" = CASE
    WHEN "communication_preference" ~* '^\s*e-?mail' THEN 'email'
    WHEN "communication_preference" ~* '^\s*(phone|call)' THEN 'phone'
    WHEN "communication_preference" ~* '^\s*chat' THEN 'chat'
  END
WHERE "communication_preference" IS NOT NULL;
