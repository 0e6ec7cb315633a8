import { useState } from "preact/hooks";
import type { PersonResponse } from "../../../functions/directory/directory.types.ts";
import { errorMessage, ApiRequestError, send, type FieldIssue } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { ErrorSummary, Field, errorFor } from "./Field.tsx";
import { FIELD_VISIBILITIES } from "../../../db/enums.ts";
import { SelectField } from "./SelectField.tsx";

type Values = { name: string; title: string; email: string; emailVisibility: string; phone: string; phoneVisibility: string };

const valuesOf = (p: PersonResponse): Values => ({
  name: p.name,
  title: p.title ?? "",
  email: p.email ?? "",
  emailVisibility: p.contact?.emailVisibility ?? "coordinators",
  phone: p.phone ?? "",
  phoneVisibility: p.contact?.phoneVisibility ?? "coordinators",
});

/**
 * A coordinator's edit of a person's name, title and contact fields. Only what the form changed is
 * sent (PATCH), so the person's organisations, topics and everything else the form does not show
 * stay as they are, and a contact field's visibility changes only when its own control does.
 */
export function EditPerson({ person, onSaved }: { person: PersonResponse; onSaved: (saved: PersonResponse) => void }) {
  // What was last loaded or saved: a save sends only what differs from it.
  const [loaded, setLoaded] = useState(() => valuesOf(person));
  const [f, setF] = useState(loaded);
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const issues = failure?.issues ?? [];
  async function save(e: Event) {
    e.preventDefault();
    setFailure(null);
    setNotice(null);
    const changed = Object.fromEntries(
      (Object.keys(f) as (keyof Values)[]).filter((k) => f[k] !== loaded[k]).map((k) => [k, f[k] === "" && k !== "name" ? null : f[k]]),
    );
    try {
      const { body } = await send<PersonResponse>("PATCH", `/api/people/${person.id}`, changed);
      setLoaded(f);
      setNotice(t("manage.done"));
      onSaved({ ...body, contact: { emailVisibility: f.emailVisibility as "public", phoneVisibility: f.phoneVisibility as "public" } });
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      setFailure({ message: errorMessage(error), issues: err?.issues ?? [] });
    }
  }
  const input = (key: keyof Values, label: string, type: "text" | "email" | "tel" = "text") => (
    <Field id={`edit-${key}`} label={label} error={errorFor(issues, key)}>
      {(d, invalid) => (
        <input
          id={`edit-${key}`}
          {...({ type } as { type: "text" })}
          value={f[key]}
          onInput={(e) => setF({ ...f, [key]: e.currentTarget.value })}
          aria-describedby={d}
          aria-invalid={invalid}
        />
      )}
    </Field>
  );
  const visibility = (key: "emailVisibility" | "phoneVisibility", label: string) => (
    <SelectField
      id={`edit-${key}`}
      label={`${label}: ${t("dir.visibility")}`}
      value={f[key]}
      onChange={(v) => setF({ ...f, [key]: v })}
      error={errorFor(issues, key)}
      // Most restrictive first, as the default is.
      options={[...FIELD_VISIBILITIES].reverse().map((v) => ({ value: v, label: t(`dir.visibility.${v}`) }))}
    />
  );
  return (
    <section class="narrow" aria-labelledby="edit-person-heading">
      <h2 id="edit-person-heading">{t("dir.editPerson")}</h2>
      <form onSubmit={save} noValidate>
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        {input("name", t("dir.name"))}
        {input("title", t("dir.title"))}
        {input("email", t("dir.email"), "email")}
        {visibility("emailVisibility", t("dir.email"))}
        {input("phone", t("dir.phone"), "tel")}
        {visibility("phoneVisibility", t("dir.phone"))}
        <button type="submit" class="primary">
          {t("form.save")}
        </button>
      </form>
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}
    </section>
  );
}
