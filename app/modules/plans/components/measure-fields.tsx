import type { FieldMetadata } from "@conform-to/react";
import { SelectField, TextField } from "~/components/forms";
import {
  CODE_MAX,
  MEASURE_DIRECTION_LABELS,
  MEASURE_DIRECTIONS,
  REPORTING_FREQUENCIES,
  REPORTING_FREQUENCY_LABELS,
} from "~/modules/plans/plans.schema";

type Meta = FieldMetadata<string | undefined | null>;

/** The fields of a measure (KPI), shared by the add and edit forms. */
export function MeasureFields({
  fields,
  codeHint,
}: {
  fields: { code: Meta; name: Meta; unit: Meta; direction: Meta; baseline: Meta; target: Meta; reportingFrequency: Meta };
  codeHint: string;
}) {
  return (
    <>
      <TextField meta={fields.name} label="Name" hint="What is counted, like “Potholes repaired within 48 hours”." autoComplete="off" />
      <div className="row">
        <TextField meta={fields.code} label="Code (optional)" hint={`${codeHint} At most ${CODE_MAX} characters.`} autoComplete="off" spellCheck={false} />
        <TextField meta={fields.unit} label="Unit (optional)" hint="Like %, days, tons or people." autoComplete="off" />
      </div>
      <div className="row">
        <SelectField meta={fields.direction} label="Direction" options={MEASURE_DIRECTIONS.map((d) => [d, MEASURE_DIRECTION_LABELS[d]] as const)} />
        <SelectField
          meta={fields.reportingFrequency}
          label="Reporting frequency"
          hint="How often a value is recorded."
          options={REPORTING_FREQUENCIES.map((f) => [f, REPORTING_FREQUENCY_LABELS[f]] as const)}
        />
      </div>
      <div className="row">
        <TextField meta={fields.baseline} label="Baseline (optional)" hint="The value when the plan started, like 72.5." inputMode="decimal" autoComplete="off" />
        <TextField meta={fields.target} label="Target (optional)" hint="The value to reach by the end of the plan." inputMode="decimal" autoComplete="off" />
      </div>
    </>
  );
}
