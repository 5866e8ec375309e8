CREATE TYPE "public"."measure_direction" AS ENUM('higher_is_better', 'lower_is_better');--> statement-breakpoint
CREATE TYPE "public"."objective_status" AS ENUM('not_started', 'on_track', 'at_risk', 'off_track', 'done');--> statement-breakpoint
CREATE TYPE "public"."plan_status" AS ENUM('draft', 'adopted', 'archived');--> statement-breakpoint
CREATE TYPE "public"."reporting_frequency" AS ENUM('monthly', 'quarterly', 'yearly');--> statement-breakpoint
CREATE TABLE "goal_practices" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"framework_code" text NOT NULL,
	"practice_number" integer NOT NULL,
	"dimension_kind" "dimension_kind",
	"dimension_letter" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"goal_id" uuid NOT NULL,
	CONSTRAINT "goal_practices_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "goal_practices_link_key" UNIQUE NULLS NOT DISTINCT("org_id","goal_id","framework_code","practice_number","dimension_kind","dimension_letter"),
	CONSTRAINT "goal_practices_dimension_pair" CHECK (("goal_practices"."dimension_kind" is null) = ("goal_practices"."dimension_letter" is null))
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goals_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "goals_org_plan_id_key" UNIQUE("org_id","plan_id","id")
);
--> statement-breakpoint
CREATE TABLE "measure_practices" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"framework_code" text NOT NULL,
	"practice_number" integer NOT NULL,
	"dimension_kind" "dimension_kind",
	"dimension_letter" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"measure_id" uuid NOT NULL,
	CONSTRAINT "measure_practices_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "measure_practices_link_key" UNIQUE NULLS NOT DISTINCT("org_id","measure_id","framework_code","practice_number","dimension_kind","dimension_letter"),
	CONSTRAINT "measure_practices_dimension_pair" CHECK (("measure_practices"."dimension_kind" is null) = ("measure_practices"."dimension_letter" is null))
);
--> statement-breakpoint
CREATE TABLE "measurements" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL,
	"period" date NOT NULL,
	"value" numeric(20, 6) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measurements_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "measurements_period_first_day" CHECK (extract(day from "measurements"."period") = 1)
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"objective_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"direction" "measure_direction" NOT NULL,
	"baseline" numeric(20, 6),
	"target" numeric(20, 6),
	"reporting_frequency" "reporting_frequency" DEFAULT 'quarterly' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measures_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "objective_practices" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"framework_code" text NOT NULL,
	"practice_number" integer NOT NULL,
	"dimension_kind" "dimension_kind",
	"dimension_letter" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"objective_id" uuid NOT NULL,
	CONSTRAINT "objective_practices_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "objective_practices_link_key" UNIQUE NULLS NOT DISTINCT("org_id","objective_id","framework_code","practice_number","dimension_kind","dimension_letter"),
	CONSTRAINT "objective_practices_dimension_pair" CHECK (("objective_practices"."dimension_kind" is null) = ("objective_practices"."dimension_letter" is null))
);
--> statement-breakpoint
CREATE TABLE "objective_updates" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"objective_id" uuid NOT NULL,
	"status" "objective_status" NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"as_of" date NOT NULL,
	"author_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "objective_updates_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "objective_updates_narrative_length" CHECK (char_length("objective_updates"."narrative") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "objectives" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_department_id" uuid NOT NULL,
	"owner_membership_id" uuid,
	"due_date" date,
	"status" "objective_status" DEFAULT 'not_started' NOT NULL,
	"reporting_frequency" "reporting_frequency" DEFAULT 'quarterly' NOT NULL,
	"last_update_as_of" date,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "objectives_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "objectives_org_plan_id_key" UNIQUE("org_id","plan_id","id")
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"start_fiscal_year" integer NOT NULL,
	"end_fiscal_year" integer NOT NULL,
	"status" "plan_status" DEFAULT 'draft' NOT NULL,
	"vision" text DEFAULT '' NOT NULL,
	"mission" text DEFAULT '' NOT NULL,
	"values" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "plans_period_order" CHECK ("plans"."end_fiscal_year" >= "plans"."start_fiscal_year")
);
--> statement-breakpoint
ALTER TABLE "goal_practices" ADD CONSTRAINT "goal_practices_goal_fk" FOREIGN KEY ("org_id","goal_id") REFERENCES "public"."goals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_practices" ADD CONSTRAINT "goal_practices_practice_fk" FOREIGN KEY ("framework_code","practice_number") REFERENCES "public"."practices"("framework_code","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_practices" ADD CONSTRAINT "goal_practices_dimension_fk" FOREIGN KEY ("framework_code","practice_number","dimension_kind","dimension_letter") REFERENCES "public"."practice_dimensions"("framework_code","practice_number","kind","letter") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_plan_fk" FOREIGN KEY ("org_id","plan_id") REFERENCES "public"."plans"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_practices" ADD CONSTRAINT "measure_practices_measure_fk" FOREIGN KEY ("org_id","measure_id") REFERENCES "public"."measures"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_practices" ADD CONSTRAINT "measure_practices_practice_fk" FOREIGN KEY ("framework_code","practice_number") REFERENCES "public"."practices"("framework_code","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_practices" ADD CONSTRAINT "measure_practices_dimension_fk" FOREIGN KEY ("framework_code","practice_number","dimension_kind","dimension_letter") REFERENCES "public"."practice_dimensions"("framework_code","practice_number","kind","letter") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_measure_fk" FOREIGN KEY ("org_id","measure_id") REFERENCES "public"."measures"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_objective_fk" FOREIGN KEY ("org_id","plan_id","objective_id") REFERENCES "public"."objectives"("org_id","plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objective_practices" ADD CONSTRAINT "objective_practices_objective_fk" FOREIGN KEY ("org_id","objective_id") REFERENCES "public"."objectives"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objective_practices" ADD CONSTRAINT "objective_practices_practice_fk" FOREIGN KEY ("framework_code","practice_number") REFERENCES "public"."practices"("framework_code","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objective_practices" ADD CONSTRAINT "objective_practices_dimension_fk" FOREIGN KEY ("framework_code","practice_number","dimension_kind","dimension_letter") REFERENCES "public"."practice_dimensions"("framework_code","practice_number","kind","letter") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objective_updates" ADD CONSTRAINT "objective_updates_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objective_updates" ADD CONSTRAINT "objective_updates_objective_fk" FOREIGN KEY ("org_id","objective_id") REFERENCES "public"."objectives"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_goal_fk" FOREIGN KEY ("org_id","plan_id","goal_id") REFERENCES "public"."goals"("org_id","plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_department_fk" FOREIGN KEY ("org_id","owner_department_id") REFERENCES "public"."departments"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objectives" ADD CONSTRAINT "objectives_owner_membership_fk" FOREIGN KEY ("org_id","owner_membership_id") REFERENCES "public"."memberships"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "goal_practices_one_primary_key" ON "goal_practices" USING btree ("org_id","goal_id") WHERE "goal_practices"."is_primary";--> statement-breakpoint
CREATE INDEX "goal_practices_org_practice_idx" ON "goal_practices" USING btree ("org_id","framework_code","practice_number");--> statement-breakpoint
CREATE INDEX "goals_org_plan_position_idx" ON "goals" USING btree ("org_id","plan_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "measure_practices_one_primary_key" ON "measure_practices" USING btree ("org_id","measure_id") WHERE "measure_practices"."is_primary";--> statement-breakpoint
CREATE INDEX "measure_practices_org_practice_idx" ON "measure_practices" USING btree ("org_id","framework_code","practice_number");--> statement-breakpoint
CREATE UNIQUE INDEX "measurements_org_measure_period_key" ON "measurements" USING btree ("org_id","measure_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "measures_org_plan_code_key" ON "measures" USING btree ("org_id","plan_id",lower("code"));--> statement-breakpoint
CREATE INDEX "measures_org_objective_idx" ON "measures" USING btree ("org_id","objective_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "objective_practices_one_primary_key" ON "objective_practices" USING btree ("org_id","objective_id") WHERE "objective_practices"."is_primary";--> statement-breakpoint
CREATE INDEX "objective_practices_org_practice_idx" ON "objective_practices" USING btree ("org_id","framework_code","practice_number");--> statement-breakpoint
CREATE INDEX "objective_updates_org_objective_idx" ON "objective_updates" USING btree ("org_id","objective_id","as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "objectives_org_plan_code_key" ON "objectives" USING btree ("org_id","plan_id",lower("code"));--> statement-breakpoint
CREATE INDEX "objectives_org_goal_idx" ON "objectives" USING btree ("org_id","goal_id","position");--> statement-breakpoint
CREATE INDEX "objectives_org_department_idx" ON "objectives" USING btree ("org_id","owner_department_id");--> statement-breakpoint
CREATE INDEX "plans_org_status_idx" ON "plans" USING btree ("org_id","status");