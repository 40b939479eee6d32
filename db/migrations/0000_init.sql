CREATE TYPE "public"."token_kind" AS ENUM('user', 'global_analysis', 'project_analysis', 'organization', 'agent', 'agent_app');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('user', 'admin');--> statement-breakpoint
CREATE TABLE "agent_apps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_by_id" uuid,
	"created_by_login" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_apps_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"max_token_lifetime_days" integer,
	"inactive_token_removal_days" integer DEFAULT 60,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settings_single_row" CHECK ("settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "token_kind" NOT NULL,
	"user_id" uuid,
	"project_id" uuid,
	"agent_app_id" uuid,
	"label" text,
	"task" text,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"hint" text NOT NULL,
	"created_by_id" uuid,
	"created_by_login" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "tokens_owner_check" CHECK (("tokens"."kind" in ('user', 'global_analysis', 'project_analysis', 'agent')) = ("tokens"."user_id" is not null)),
	CONSTRAINT "tokens_project_check" CHECK (("tokens"."kind" = 'project_analysis') = ("tokens"."project_id" is not null)),
	CONSTRAINT "tokens_agent_app_check" CHECK (("tokens"."kind" in ('agent', 'agent_app')) = ("tokens"."agent_app_id" is not null)),
	CONSTRAINT "tokens_name_check" CHECK (char_length("tokens"."name") between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"login" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"password_hash" text NOT NULL,
	"role" "user_role" DEFAULT 'user' NOT NULL,
	"allow_agent_apps" boolean DEFAULT false NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_login_unique" UNIQUE("login")
);
--> statement-breakpoint
ALTER TABLE "agent_apps" ADD CONSTRAINT "agent_apps_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_agent_app_id_agent_apps_id_fk" FOREIGN KEY ("agent_app_id") REFERENCES "public"."agent_apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_token_hash_key" ON "tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_user_name_key" ON "tokens" USING btree ("user_id","name") WHERE "tokens"."kind" in ('user', 'global_analysis', 'project_analysis');--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_organization_name_key" ON "tokens" USING btree ("name") WHERE "tokens"."kind" = 'organization';--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_agent_task_key" ON "tokens" USING btree ("agent_app_id","user_id","task") WHERE "tokens"."kind" = 'agent';--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_agent_app_credential_key" ON "tokens" USING btree ("agent_app_id") WHERE "tokens"."kind" = 'agent_app';--> statement-breakpoint
CREATE INDEX "tokens_user_id_idx" ON "tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "tokens_project_id_idx" ON "tokens" USING btree ("project_id");