CREATE INDEX "tokens_agent_finished_idx" ON "tokens" USING btree ("finished_at") WHERE "tokens"."kind" = 'agent' and "tokens"."finished_at" is not null;--> statement-breakpoint
-- The trail is append-only: TRUNCATE (which row triggers do not see) is refused as UPDATE and DELETE are.
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();
