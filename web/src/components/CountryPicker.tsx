import { countryChoices } from "../lib/countries.ts";
import { t } from "../lib/i18n.ts";
import { Field } from "./Field.tsx";

/** The event's country by name in the reader's language: the region's countries first, then the others. */
export function CountryPicker({ id, value, onChange, error }: { id: string; value: string; onChange: (code: string) => void; error?: string }) {
  const { region, other } = countryChoices(value);
  return (
    <Field id={id} label={t("form.country")} error={error}>
      {(describedBy, invalid) => (
        <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
          <option value="">{t("form.countryNone")}</option>
          <optgroup label={t("form.countryRegion")}>
            {region.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("form.countryOther")}>
            {other.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </optgroup>
        </select>
      )}
    </Field>
  );
}
