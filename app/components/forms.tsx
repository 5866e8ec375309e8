import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";

// Form fields with their label, hint and errors wired for screen readers: the input points at its
// hint and its error list (aria-describedby), and is marked invalid when it has errors.

type Common = { label: string; hint?: ReactNode; className?: string };

function describedBy(meta: FieldMetadata<unknown>, hint: unknown): string | undefined {
  const ids = [hint ? `${meta.id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function FieldErrorList({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id}>
      {errors.map((e) => (
        <p key={e} className="field-error">
          {e}
        </p>
      ))}
    </div>
  );
}

export function TextField({
  meta,
  label,
  hint,
  type = "text",
  className,
  ...rest
}: Common & {
  meta: FieldMetadata<string | number | undefined | null>;
  type?: "text" | "email" | "password" | "number" | "date" | "url" | "search";
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id">) {
  const props = getInputProps(meta as FieldMetadata<string>, { type, ariaAttributes: true });
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${meta.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        {...props}
        {...rest}
        key={props.key}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(meta as FieldMetadata<unknown>, hint)}
      />
      <FieldErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  options,
  placeholder,
  className,
  ...rest
}: Common & {
  meta: FieldMetadata<string | undefined | null>;
  options: readonly (readonly [string, string])[];
  placeholder?: string;
} & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "name" | "id">) {
  const props = getSelectProps(meta as FieldMetadata<string>, { ariaAttributes: true });
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${meta.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <select
        {...props}
        {...rest}
        key={props.key}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(meta as FieldMetadata<unknown>, hint)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <FieldErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextAreaField({
  meta,
  label,
  hint,
  className,
  ...rest
}: Common & { meta: FieldMetadata<string | undefined | null> } & Omit<
    React.TextareaHTMLAttributes<HTMLTextAreaElement>,
    "name" | "id"
  >) {
  const props = getTextareaProps(meta as FieldMetadata<string>, { ariaAttributes: true });
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${meta.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea
        {...props}
        {...rest}
        key={props.key}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(meta as FieldMetadata<unknown>, hint)}
      />
      <FieldErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** Errors that belong to the whole form (e.g. "The email or password is incorrect."). */
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="notice error">
      {errors.map((e) => (
        <p key={e} style={{ margin: 0 }}>
          {e}
        </p>
      ))}
    </div>
  );
}
