CREATE TABLE "assessment_result_rollups" (
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"atoms" jsonb NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_result_rollups_org_id_campaign_id_pk" PRIMARY KEY("org_id","campaign_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_result_tallies" (
	"org_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"cut_key" text NOT NULL,
	"cell_key" text NOT NULL,
	"item_id" uuid NOT NULL,
	"c1" integer NOT NULL,
	"c2" integer NOT NULL,
	"c3" integer NOT NULL,
	"c4" integer NOT NULL,
	"c5" integer NOT NULL,
	"na" integer NOT NULL,
	CONSTRAINT "assessment_result_tallies_org_id_campaign_id_cut_key_cell_key_item_id_pk" PRIMARY KEY("org_id","campaign_id","cut_key","cell_key","item_id")
);
--> statement-breakpoint
ALTER TABLE "assessment_result_rollups" ADD CONSTRAINT "assessment_result_rollups_campaign_fk" FOREIGN KEY ("org_id","campaign_id") REFERENCES "public"."assessment_campaigns"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_result_tallies" ADD CONSTRAINT "assessment_result_tallies_rollup_fk" FOREIGN KEY ("org_id","campaign_id") REFERENCES "public"."assessment_result_rollups"("org_id","campaign_id") ON DELETE cascade ON UPDATE no action;