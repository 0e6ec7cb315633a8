import { Field } from "./Field.tsx";

/** One choice of a select: the value sent and the text shown (already translated). */
export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  /** The text of a first choice with the value "" ("any", "—"); left out when not given. */
  empty?: string;
  disabled?: boolean;
}

/** A label, a select and its error (built on `Field`, so hint and error reach screen readers). */
export function SelectField({ id, label, value, options, onChange, error, hint, empty, disabled }: SelectFieldProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      {(describedBy, invalid) => (
        <select
          id={id}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          disabled={disabled}
        >
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Options in the reader's alphabetical order (country and language names differ by language). */
export function byLabel(options: Option[]): Option[] {
  return options.sort((a, b) => a.label.localeCompare(b.label));
}
