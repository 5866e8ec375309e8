CREATE TYPE "public"."assessment_depth" AS ENUM('practice', 'dimension');--> statement-breakpoint
CREATE TYPE "public"."assessment_kind" AS ENUM('organizational', 'self');--> statement-breakpoint
CREATE TYPE "public"."assessment_status" AS ENUM('draft', 'open', 'closed');--> statement-breakpoint
CREATE TABLE "assessment_answers" (
	"org_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"value" smallint,
	CONSTRAINT "assessment_answers_org_id_response_id_item_id_pk" PRIMARY KEY("org_id","response_id","item_id"),
	CONSTRAINT "assessment_answers_value_range" CHECK ("assessment_answers"."value" is null or "assessment_answers"."value" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "assessment_campaigns" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" "assessment_kind" NOT NULL,
	"depth" "assessment_depth" NOT NULL,
	"framework_code" text NOT NULL,
	"practice_numbers" integer[] NOT NULL,
	"scale_labels" text[] NOT NULL,
	"not_applicable_label" text DEFAULT 'Not applicable' NOT NULL,
	"comments_enabled" boolean DEFAULT false NOT NULL,
	"demographic_categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"demographic_questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"anonymity_threshold" integer NOT NULL,
	"status" "assessment_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_campaigns_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "assessment_campaigns_threshold_min" CHECK ("assessment_campaigns"."anonymity_threshold" >= 3),
	CONSTRAINT "assessment_campaigns_dates" CHECK ("assessment_campaigns"."closes_on" >= "assessment_campaigns"."opens_on"),
	CONSTRAINT "assessment_campaigns_scale_labels" CHECK (cardinality("assessment_campaigns"."scale_labels") = 5),
	CONSTRAINT "assessment_campaigns_practices" CHECK (cardinality("assessment_campaigns"."practice_numbers") > 0),
	CONSTRAINT "assessment_campaigns_title_not_blank" CHECK (char_length(btrim("assessment_campaigns"."title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "assessment_comments" (
	"org_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"practice_number" integer NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "assessment_comments_org_id_response_id_practice_number_pk" PRIMARY KEY("org_id","response_id","practice_number"),
	CONSTRAINT "assessment_comments_body_length" CHECK (char_length("assessment_comments"."body") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "assessment_drafts" (
	"org_id" uuid NOT NULL,
	"invitation_id" uuid NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"comments" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"demographics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "assessment_drafts_org_id_invitation_id_pk" PRIMARY KEY("org_id","invitation_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_invitations" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"staff_member_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"department_id" uuid,
	"supervisory_level" "supervisory_level" NOT NULL,
	"email_sent" boolean DEFAULT false NOT NULL,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"completed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_invitations_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "assessment_items" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"framework_code" text NOT NULL,
	"practice_number" integer NOT NULL,
	"dimension_kind" "dimension_kind",
	"dimension_letter" text,
	"statement" text NOT NULL,
	CONSTRAINT "assessment_items_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "assessment_items_dimension_pair" CHECK (("assessment_items"."dimension_kind" is null) = ("assessment_items"."dimension_letter" is null))
);
--> statement-breakpoint
CREATE TABLE "assessment_responses" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"department_id" uuid,
	"supervisory_level" "supervisory_level" NOT NULL,
	"demographics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_on" date NOT NULL,
	CONSTRAINT "assessment_responses_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "assessment_self_responses" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"invitation_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"comments" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_on" date NOT NULL,
	CONSTRAINT "assessment_self_responses_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "development_resources" (
	"key" text PRIMARY KEY NOT NULL,
	"framework_code" text NOT NULL,
	"practice_numbers" integer[] NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"url" text,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_development_resources" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"framework_code" text NOT NULL,
	"practice_numbers" integer[] NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"url" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_development_resources_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "org_development_resources_practices" CHECK (cardinality("org_development_resources"."practice_numbers") > 0),
	CONSTRAINT "org_development_resources_title_not_blank" CHECK (char_length(btrim("org_development_resources"."title")) > 0)
);
--> statement-breakpoint
ALTER TABLE "assessment_answers" ADD CONSTRAINT "assessment_answers_response_fk" FOREIGN KEY ("org_id","response_id") REFERENCES "public"."assessment_responses"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_answers" ADD CONSTRAINT "assessment_answers_item_fk" FOREIGN KEY ("org_id","item_id") REFERENCES "public"."assessment_items"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_campaigns" ADD CONSTRAINT "assessment_campaigns_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_campaigns" ADD CONSTRAINT "assessment_campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_comments" ADD CONSTRAINT "assessment_comments_response_fk" FOREIGN KEY ("org_id","response_id") REFERENCES "public"."assessment_responses"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_drafts" ADD CONSTRAINT "assessment_drafts_invitation_fk" FOREIGN KEY ("org_id","invitation_id") REFERENCES "public"."assessment_invitations"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_invitations" ADD CONSTRAINT "assessment_invitations_campaign_fk" FOREIGN KEY ("org_id","campaign_id") REFERENCES "public"."assessment_campaigns"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_invitations" ADD CONSTRAINT "assessment_invitations_staff_fk" FOREIGN KEY ("org_id","staff_member_id") REFERENCES "public"."staff_members"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_invitations" ADD CONSTRAINT "assessment_invitations_department_fk" FOREIGN KEY ("org_id","department_id") REFERENCES "public"."departments"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD CONSTRAINT "assessment_items_campaign_fk" FOREIGN KEY ("org_id","campaign_id") REFERENCES "public"."assessment_campaigns"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD CONSTRAINT "assessment_items_practice_fk" FOREIGN KEY ("framework_code","practice_number") REFERENCES "public"."practices"("framework_code","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_responses" ADD CONSTRAINT "assessment_responses_campaign_fk" FOREIGN KEY ("org_id","campaign_id") REFERENCES "public"."assessment_campaigns"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_responses" ADD CONSTRAINT "assessment_responses_department_fk" FOREIGN KEY ("org_id","department_id") REFERENCES "public"."departments"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_self_responses" ADD CONSTRAINT "assessment_self_responses_campaign_fk" FOREIGN KEY ("org_id","campaign_id") REFERENCES "public"."assessment_campaigns"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_self_responses" ADD CONSTRAINT "assessment_self_responses_invitation_fk" FOREIGN KEY ("org_id","invitation_id") REFERENCES "public"."assessment_invitations"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_development_resources" ADD CONSTRAINT "org_development_resources_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_development_resources" ADD CONSTRAINT "org_development_resources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_answers_org_item_idx" ON "assessment_answers" USING btree ("org_id","item_id");--> statement-breakpoint
CREATE INDEX "assessment_campaigns_org_status_idx" ON "assessment_campaigns" USING btree ("org_id","status","closes_on");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_invitations_token_hash_key" ON "assessment_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_invitations_org_campaign_staff_key" ON "assessment_invitations" USING btree ("org_id","campaign_id","staff_member_id");--> statement-breakpoint
CREATE INDEX "assessment_invitations_org_campaign_department_idx" ON "assessment_invitations" USING btree ("org_id","campaign_id","department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_items_org_campaign_position_key" ON "assessment_items" USING btree ("org_id","campaign_id","position");--> statement-breakpoint
CREATE INDEX "assessment_responses_org_campaign_department_idx" ON "assessment_responses" USING btree ("org_id","campaign_id","department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_self_responses_org_invitation_key" ON "assessment_self_responses" USING btree ("org_id","invitation_id");--> statement-breakpoint
CREATE INDEX "org_development_resources_org_idx" ON "org_development_resources" USING btree ("org_id","created_at");