CREATE TYPE "public"."demographic_category" AS ENUM('raceEthnicity', 'gender', 'ageBand', 'veteran', 'disability');--> statement-breakpoint
CREATE TABLE "community_demographics" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"category" "demographic_category" NOT NULL,
	"group_label" text NOT NULL,
	"share_basis_points" integer NOT NULL,
	"source" text NOT NULL,
	"year" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_demographics_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "community_demographics_share_range" CHECK ("community_demographics"."share_basis_points" between 0 and 10000),
	CONSTRAINT "community_demographics_year_range" CHECK ("community_demographics"."year" between 1900 and 2100),
	CONSTRAINT "community_demographics_group_not_blank" CHECK (char_length(btrim("community_demographics"."group_label")) between 1 and 120),
	CONSTRAINT "community_demographics_source_not_blank" CHECK (char_length(btrim("community_demographics"."source")) between 1 and 300)
);
--> statement-breakpoint
ALTER TABLE "community_demographics" ADD CONSTRAINT "community_demographics_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "community_demographics_org_group_key" ON "community_demographics" USING btree ("org_id","category",lower(btrim("group_label")));