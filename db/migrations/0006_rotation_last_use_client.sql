DROP INDEX "tokens_user_name_key";--> statement-breakpoint
DROP INDEX "tokens_organization_name_key";--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "last_used_ip" text;--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "last_used_client" text;--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "rotated_into_id" uuid;--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "rotated_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_rotated_into_id_tokens_id_fk" FOREIGN KEY ("rotated_into_id") REFERENCES "public"."tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tokens_rotated_until_idx" ON "tokens" USING btree ("rotated_until") WHERE "tokens"."rotated_until" is not null;--> statement-breakpoint
CREATE INDEX "tokens_rotated_into_id_idx" ON "tokens" USING btree ("rotated_into_id") WHERE "tokens"."rotated_into_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_user_name_key" ON "tokens" USING btree ("user_id","name") WHERE "tokens"."kind" in ('user', 'global_analysis', 'project_analysis') and "tokens"."rotated_until" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_organization_name_key" ON "tokens" USING btree ("name") WHERE "tokens"."kind" = 'organization' and "tokens"."rotated_until" is null;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_rotation_check" CHECK ("tokens"."rotated_into_id" is null or "tokens"."rotated_until" is not null);