CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_login" text,
	"target_login" text,
	"token_kind" "token_kind",
	"token_name" text,
	"token_hint" text,
	"client_ip" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "organization_token_projects" (
	"token_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	CONSTRAINT "organization_token_projects_token_id_project_id_pk" PRIMARY KEY("token_id","project_id")
);
--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "all_projects" boolean;--> statement-breakpoint
ALTER TABLE "tokens" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organization_token_projects" ADD CONSTRAINT "organization_token_projects_token_id_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_token_projects" ADD CONSTRAINT "organization_token_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_created_at_idx" ON "audit_events" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_actor_login_idx" ON "audit_events" USING btree ("actor_login","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_target_login_idx" ON "audit_events" USING btree ("target_login","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "organization_token_projects_project_id_idx" ON "organization_token_projects" USING btree ("project_id");--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_organization_scope_check" CHECK (("tokens"."kind" = 'organization') = ("tokens"."all_projects" is not null));--> statement-breakpoint
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_events is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();
