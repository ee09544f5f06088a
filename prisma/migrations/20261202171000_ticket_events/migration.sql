-- Live updates (issue 15): every insert or update of a ticket (a message added, a status,
-- an assignee, a mail answered) is announced on the channel recall_desk_tickets as
-- "<workspace id>:<ticket id>", delivered at commit, so pages follow changes made by any
-- app process (lib/live/ticket-events.ts). PostgreSQL folds identical payloads of one
-- transaction into one notification.
CREATE FUNCTION "tickets_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('recall_desk_tickets', NEW."workspace_id"::text || ':' || NEW."id"::text);
  RETURN NULL;
END $$;
CREATE TRIGGER "tickets_notify_change" AFTER INSERT OR UPDATE ON "tickets"
  FOR EACH ROW EXECUTE FUNCTION "tickets_notify_change"();
