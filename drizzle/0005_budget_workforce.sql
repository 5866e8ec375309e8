CREATE TYPE "public"."budget_category" AS ENUM('personnel', 'operating', 'capital', 'debt_service', 'other');--> statement-breakpoint
CREATE TYPE "public"."import_kind" AS ENUM('budget', 'roster');--> statement-breakpoint
CREATE TYPE "public"."supervisory_level" AS ENUM('executive', 'manager', 'supervisor', 'staff');--> statement-breakpoint
CREATE TYPE "public"."workforce_metric" AS ENUM('turnover_rate', 'vacancy_rate', 'time_to_hire_days', 'training_hours_per_fte', 'ethics_training_completion', 'representation', 'custom');--> statement-breakpoint
CREATE TABLE "budget_line_objectives" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"budget_line_id" uuid NOT NULL,
	"objective_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_line_objectives_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "budget_line_objectives_pair_key" UNIQUE("org_id","budget_line_id","objective_id")
);
--> statement-breakpoint
CREATE TABLE "budget_line_practices" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"framework_code" text NOT NULL,
	"practice_number" integer NOT NULL,
	"dimension_kind" "dimension_kind",
	"dimension_letter" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"budget_line_id" uuid NOT NULL,
	CONSTRAINT "budget_line_practices_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "budget_line_practices_link_key" UNIQUE NULLS NOT DISTINCT("org_id","budget_line_id","framework_code","practice_number","dimension_kind","dimension_letter"),
	CONSTRAINT "budget_line_practices_dimension_pair" CHECK (("budget_line_practices"."dimension_kind" is null) = ("budget_line_practices"."dimension_letter" is null))
);
--> statement-breakpoint
CREATE TABLE "budget_lines" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"fiscal_year" integer NOT NULL,
	"line_key" text NOT NULL,
	"department_id" uuid,
	"category" "budget_category" NOT NULL,
	"fund_code" text DEFAULT '' NOT NULL,
	"fund_name" text DEFAULT '' NOT NULL,
	"unit_code" text DEFAULT '' NOT NULL,
	"unit_name" text DEFAULT '' NOT NULL,
	"program_code" text DEFAULT '' NOT NULL,
	"program_name" text DEFAULT '' NOT NULL,
	"account_code" text DEFAULT '' NOT NULL,
	"account_name" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"adopted_cents" bigint DEFAULT 0 NOT NULL,
	"amended_cents" bigint DEFAULT 0 NOT NULL,
	"actual_cents" bigint DEFAULT 0 NOT NULL,
	"encumbered_cents" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_lines_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "budget_lines_key_not_blank" CHECK (char_length(btrim("budget_lines"."line_key")) > 0)
);
--> statement-breakpoint
CREATE TABLE "fiscal_years" (
	"org_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fiscal_years_org_id_fiscal_year_pk" PRIMARY KEY("org_id","fiscal_year"),
	CONSTRAINT "fiscal_years_range" CHECK ("fiscal_years"."fiscal_year" between 1900 and 2199),
	CONSTRAINT "fiscal_years_dates_order" CHECK ("fiscal_years"."ends_on" > "fiscal_years"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" "import_kind" NOT NULL,
	"header_signature" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"employee_number" text NOT NULL,
	"full_name" text NOT NULL,
	"email" text,
	"department_id" uuid,
	"job_title" text DEFAULT '' NOT NULL,
	"supervisory_level" "supervisory_level" DEFAULT 'staff' NOT NULL,
	"hire_date" date,
	"is_active" boolean DEFAULT true NOT NULL,
	"left_on" date,
	"race_ethnicity" text,
	"gender" text,
	"age_band" text,
	"veteran" text,
	"disability" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_members_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "staff_members_left_only_if_inactive" CHECK ("staff_members"."left_on" is null or not "staff_members"."is_active"),
	CONSTRAINT "staff_members_employee_number_not_blank" CHECK (char_length(btrim("staff_members"."employee_number")) > 0)
);
--> statement-breakpoint
CREATE TABLE "workforce_goal_practices" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"framework_code" text NOT NULL,
	"practice_number" integer NOT NULL,
	"dimension_kind" "dimension_kind",
	"dimension_letter" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"workforce_goal_id" uuid NOT NULL,
	CONSTRAINT "workforce_goal_practices_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "workforce_goal_practices_link_key" UNIQUE NULLS NOT DISTINCT("org_id","workforce_goal_id","framework_code","practice_number","dimension_kind","dimension_letter"),
	CONSTRAINT "workforce_goal_practices_dimension_pair" CHECK (("workforce_goal_practices"."dimension_kind" is null) = ("workforce_goal_practices"."dimension_letter" is null))
);
--> statement-breakpoint
CREATE TABLE "workforce_goal_updates" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"status" "objective_status" NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"as_of" date NOT NULL,
	"author_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workforce_goal_updates_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "workforce_goal_updates_narrative_length" CHECK (char_length("workforce_goal_updates"."narrative") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "workforce_goals" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"department_id" uuid,
	"metric" "workforce_metric" NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"direction" "measure_direction" NOT NULL,
	"baseline" numeric(20, 6),
	"target" numeric(20, 6),
	"due_date" date,
	"reporting_frequency" "reporting_frequency" DEFAULT 'quarterly' NOT NULL,
	"status" "objective_status" DEFAULT 'not_started' NOT NULL,
	"last_update_as_of" date,
	"demographic_field" text,
	"demographic_group" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workforce_goals_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "workforce_goals_demographic_pair" CHECK (("workforce_goals"."demographic_field" is null) = ("workforce_goals"."demographic_group" is null)),
	CONSTRAINT "workforce_goals_name_not_blank" CHECK (char_length(btrim("workforce_goals"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "workforce_measurements" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"period" date NOT NULL,
	"value" numeric(20, 6) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workforce_measurements_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "workforce_measurements_period_first_day" CHECK (extract(day from "workforce_measurements"."period") = 1)
);
--> statement-breakpoint
ALTER TABLE "budget_line_objectives" ADD CONSTRAINT "budget_line_objectives_line_fk" FOREIGN KEY ("org_id","budget_line_id") REFERENCES "public"."budget_lines"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_line_objectives" ADD CONSTRAINT "budget_line_objectives_objective_fk" FOREIGN KEY ("org_id","objective_id") REFERENCES "public"."objectives"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_line_practices" ADD CONSTRAINT "budget_line_practices_line_fk" FOREIGN KEY ("org_id","budget_line_id") REFERENCES "public"."budget_lines"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_line_practices" ADD CONSTRAINT "budget_line_practices_practice_fk" FOREIGN KEY ("framework_code","practice_number") REFERENCES "public"."practices"("framework_code","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_line_practices" ADD CONSTRAINT "budget_line_practices_dimension_fk" FOREIGN KEY ("framework_code","practice_number","dimension_kind","dimension_letter") REFERENCES "public"."practice_dimensions"("framework_code","practice_number","kind","letter") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_lines" ADD CONSTRAINT "budget_lines_fiscal_year_fk" FOREIGN KEY ("org_id","fiscal_year") REFERENCES "public"."fiscal_years"("org_id","fiscal_year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_lines" ADD CONSTRAINT "budget_lines_department_fk" FOREIGN KEY ("org_id","department_id") REFERENCES "public"."departments"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fiscal_years" ADD CONSTRAINT "fiscal_years_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_department_fk" FOREIGN KEY ("org_id","department_id") REFERENCES "public"."departments"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_goal_practices" ADD CONSTRAINT "workforce_goal_practices_goal_fk" FOREIGN KEY ("org_id","workforce_goal_id") REFERENCES "public"."workforce_goals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_goal_practices" ADD CONSTRAINT "workforce_goal_practices_practice_fk" FOREIGN KEY ("framework_code","practice_number") REFERENCES "public"."practices"("framework_code","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_goal_practices" ADD CONSTRAINT "workforce_goal_practices_dimension_fk" FOREIGN KEY ("framework_code","practice_number","dimension_kind","dimension_letter") REFERENCES "public"."practice_dimensions"("framework_code","practice_number","kind","letter") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_goal_updates" ADD CONSTRAINT "workforce_goal_updates_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_goal_updates" ADD CONSTRAINT "workforce_goal_updates_goal_fk" FOREIGN KEY ("org_id","goal_id") REFERENCES "public"."workforce_goals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_goals" ADD CONSTRAINT "workforce_goals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_goals" ADD CONSTRAINT "workforce_goals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_goals" ADD CONSTRAINT "workforce_goals_department_fk" FOREIGN KEY ("org_id","department_id") REFERENCES "public"."departments"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_measurements" ADD CONSTRAINT "workforce_measurements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workforce_measurements" ADD CONSTRAINT "workforce_measurements_goal_fk" FOREIGN KEY ("org_id","goal_id") REFERENCES "public"."workforce_goals"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_line_objectives_org_objective_idx" ON "budget_line_objectives" USING btree ("org_id","objective_id");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_line_practices_one_primary_key" ON "budget_line_practices" USING btree ("org_id","budget_line_id") WHERE "budget_line_practices"."is_primary";--> statement-breakpoint
CREATE INDEX "budget_line_practices_org_practice_idx" ON "budget_line_practices" USING btree ("org_id","framework_code","practice_number");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_lines_org_year_key_key" ON "budget_lines" USING btree ("org_id","fiscal_year","line_key");--> statement-breakpoint
CREATE INDEX "budget_lines_org_year_department_idx" ON "budget_lines" USING btree ("org_id","fiscal_year","department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "import_mappings_org_kind_header_key" ON "import_mappings" USING btree ("org_id","kind","header_signature");--> statement-breakpoint
CREATE INDEX "import_mappings_org_kind_time_idx" ON "import_mappings" USING btree ("org_id","kind","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_members_org_employee_number_key" ON "staff_members" USING btree ("org_id","employee_number");--> statement-breakpoint
CREATE INDEX "staff_members_org_department_idx" ON "staff_members" USING btree ("org_id","department_id","is_active");--> statement-breakpoint
CREATE UNIQUE INDEX "workforce_goal_practices_one_primary_key" ON "workforce_goal_practices" USING btree ("org_id","workforce_goal_id") WHERE "workforce_goal_practices"."is_primary";--> statement-breakpoint
CREATE INDEX "workforce_goal_practices_org_practice_idx" ON "workforce_goal_practices" USING btree ("org_id","framework_code","practice_number");--> statement-breakpoint
CREATE INDEX "workforce_goal_updates_org_goal_idx" ON "workforce_goal_updates" USING btree ("org_id","goal_id","as_of");--> statement-breakpoint
CREATE INDEX "workforce_goals_org_department_idx" ON "workforce_goals" USING btree ("org_id","department_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "workforce_measurements_org_goal_period_key" ON "workforce_measurements" USING btree ("org_id","goal_id","period");