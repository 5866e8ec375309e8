import type { FieldMetadata } from "@conform-to/react";
import { SelectField, TextAreaField, TextField } from "~/components/forms";
import { MEASURE_DIRECTION_LABELS, MEASURE_DIRECTIONS, REPORTING_FREQUENCIES, REPORTING_FREQUENCY_LABELS } from "~/modules/plans/plans.schema";
import { DEMOGRAPHIC_FIELD_LABELS, DEMOGRAPHIC_FIELDS, WORKFORCE_METRIC_LABELS, WORKFORCE_METRICS } from "~/modules/workforce/workforce.schema";

type Meta = FieldMetadata<string | undefined | null>;

export type GoalFieldsMeta = {
  name: Meta;
  description: Meta;
  departmentId: Meta;
  metric: Meta;
  unit: Meta;
  direction: Meta;
  baseline: Meta;
  target: Meta;
  dueDate: Meta;
  reportingFrequency: Meta;
  demographicField: Meta;
  demographicGroup: Meta;
};

/** The fields of a workforce goal, shared by the add and edit forms. */
export function WorkforceGoalFields({
  fields,
  departments,
  allowOrgWide,
}: {
  fields: GoalFieldsMeta;
  departments: { id: string; name: string }[];
  allowOrgWide: boolean;
}) {
  return (
    <>
      <TextField meta={fields.name} label="Name" hint="What the goal is, like “Reduce voluntary turnover in Public Works”." autoComplete="off" />
      <div className="row">
        <SelectField
          meta={fields.departmentId}
          label="Department"
          hint={allowOrgWide ? "Or the whole organization." : "Department heads set goals for their own department."}
          options={departments.map((d) => [d.id, d.name] as const)}
          placeholder={allowOrgWide ? "Organization-wide" : undefined}
        />
        <SelectField meta={fields.metric} label="Metric" options={WORKFORCE_METRICS.map((m) => [m, WORKFORCE_METRIC_LABELS[m]] as const)} />
      </div>
      <div className="row">
        <TextField meta={fields.unit} label="Unit (optional)" hint="Left empty: the metric's usual unit (%, days, hours per FTE)." autoComplete="off" />
        <SelectField
          meta={fields.direction}
          label="Direction"
          hint="Needed for a custom metric."
          options={MEASURE_DIRECTIONS.map((d) => [d, MEASURE_DIRECTION_LABELS[d]] as const)}
          placeholder="The metric's usual direction"
        />
      </div>
      <div className="row">
        <TextField meta={fields.baseline} label="Baseline (optional)" hint="Where the goal starts, like 14.5." inputMode="decimal" autoComplete="off" />
        <TextField meta={fields.target} label="Target (optional)" hint="The value to reach by the due date." inputMode="decimal" autoComplete="off" />
      </div>
      <div className="row">
        <TextField meta={fields.dueDate} type="date" label="Due date (optional)" />
        <SelectField
          meta={fields.reportingFrequency}
          label="Reporting frequency"
          hint="How often a value and a status update are expected."
          options={REPORTING_FREQUENCIES.map((f) => [f, REPORTING_FREQUENCY_LABELS[f]] as const)}
        />
      </div>
      <div className="row">
        <SelectField
          meta={fields.demographicField}
          label="Demographic field (representation only)"
          options={DEMOGRAPHIC_FIELDS.map((f) => [f, DEMOGRAPHIC_FIELD_LABELS[f]] as const)}
          placeholder="None"
        />
        <TextField meta={fields.demographicGroup} label="Group (representation only)" hint="As the roster writes it, like Female." autoComplete="off" />
      </div>
      <TextAreaField meta={fields.description} label="Description (optional)" rows={3} />
    </>
  );
}
