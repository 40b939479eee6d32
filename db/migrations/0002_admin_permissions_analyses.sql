CREATE TABLE "analyses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"submitted_by_id" uuid,
	"submitted_by_login" text,
	"token_kind" "token_kind",
	"token_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scan_permissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"project_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_submitted_by_id_users_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_permissions" ADD CONSTRAINT "scan_permissions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_permissions" ADD CONSTRAINT "scan_permissions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analyses_project_id_idx" ON "analyses" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scan_permissions_project_key" ON "scan_permissions" USING btree ("user_id","project_id") WHERE "scan_permissions"."project_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "scan_permissions_global_key" ON "scan_permissions" USING btree ("user_id") WHERE "scan_permissions"."project_id" is null;--> statement-breakpoint
CREATE INDEX "scan_permissions_project_id_idx" ON "scan_permissions" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "tokens_user_owned_activity_idx" ON "tokens" USING btree (coalesce("last_used_at", "created_at")) WHERE "tokens"."kind" in ('user', 'global_analysis', 'project_analysis');--> statement-breakpoint
CREATE INDEX "tokens_agent_expiry_idx" ON "tokens" USING btree ("expires_at") WHERE "tokens"."kind" = 'agent';