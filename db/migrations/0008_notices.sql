CREATE TYPE "public"."notice_mail_status" AS ENUM('pending', 'sending', 'sent', 'failed', 'unsent');--> statement-breakpoint
CREATE TYPE "public"."notice_reason" AS ENUM('expiry', 'inactivity', 'leak');--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reason" "notice_reason" NOT NULL,
	"user_id" uuid,
	"token_id" uuid,
	"token_kind" "token_kind" NOT NULL,
	"token_name" text NOT NULL,
	"token_hint" text NOT NULL,
	"threshold_days" integer,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dismissed_at" timestamp with time zone,
	"mail_status" "notice_mail_status" DEFAULT 'unsent' NOT NULL,
	"mail_attempts" integer DEFAULT 0 NOT NULL,
	"mail_error" text,
	"mailed_at" timestamp with time zone,
	CONSTRAINT "notices_threshold_check" CHECK (("notices"."reason" = 'leak') = ("notices"."threshold_days" is null)),
	CONSTRAINT "notices_token_check" CHECK ("notices"."reason" = 'leak' or "notices"."token_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_token_id_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notices_token_threshold_key" ON "notices" USING btree ("token_id","reason","threshold_days") WHERE "notices"."token_id" is not null;--> statement-breakpoint
CREATE INDEX "notices_user_id_idx" ON "notices" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "notices_mail_pending_idx" ON "notices" USING btree ("created_at") WHERE "notices"."mail_status" = 'pending';--> statement-breakpoint
CREATE INDEX "tokens_notice_expiry_idx" ON "tokens" USING btree ("expires_at") WHERE "tokens"."kind" in ('user', 'global_analysis', 'project_analysis', 'organization');