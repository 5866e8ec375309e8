CREATE TYPE "public"."report_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TABLE "reports" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"period_key" text NOT NULL,
	"period_label" text NOT NULL,
	"status" "report_status" NOT NULL,
	"version" integer,
	"manager_note" text DEFAULT '' NOT NULL,
	"snapshot" jsonb,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "reports_published_complete" CHECK (("reports"."status" = 'published') = ("reports"."snapshot" is not null and "reports"."version" is not null and "reports"."published_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_org_published_idx" ON "reports" USING btree ("org_id","status","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_org_period_version_key" ON "reports" USING btree ("org_id","period_key","version") WHERE "reports"."status" = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "reports_org_period_draft_key" ON "reports" USING btree ("org_id","period_key") WHERE "reports"."status" = 'draft';