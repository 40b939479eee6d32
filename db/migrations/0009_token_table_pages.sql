DROP INDEX "tokens_user_id_idx";--> statement-breakpoint
CREATE INDEX "tokens_user_created_idx" ON "tokens" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tokens_organization_created_idx" ON "tokens" USING btree ("created_at","id") WHERE "tokens"."kind" = 'organization';