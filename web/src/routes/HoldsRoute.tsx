import { useLocation } from "preact-iso";
import { useEffect, useRef, useState } from "preact/hooks";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { RequireUser } from "../components/RequireUser.tsx";
import { ApiRequestError, errorMessage, fetchVocabulary, getApi, send, type FieldIssue, type Me, type VocabularyResponse } from "../lib/api.ts";
import { formatDate, formatDateRange, t, termLabel } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";
import { SelectField } from "../components/SelectField.tsx";
import type { HoldRow } from "../../../functions/coordination/holds.types.ts";

type Hold = HoldRow;

type HoldForm = { organisationId: string; title: string; startsOn: string; endsOn: string; expiresOn: string; countries: string; audiences: string[] };

const countryList = (text: string) =>
  text
    .split(",")
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
const sameList = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** What the form changes of `h`: only those fields go in the PATCH, so what it does not show stays. */
function changedFields(h: Hold, form: HoldForm): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of ["organisationId", "title", "startsOn", "endsOn", "expiresOn"] as const) if (form[key] !== h[key]) body[key] = form[key];
  const countries = countryList(form.countries);
  if (!sameList(countries, h.countries)) body.countries = countries;
  if (!sameList(form.audiences, h.audiences)) body.audiences = form.audiences;
  return body;
}

/** `/holds`: the region's held dates, and holding new ones. */
export function HoldsRoute() {
  return <RequireUser allow={(u) => u.organisations.length > 0 || isCoordinator(u)}>{(user) => <Holds user={user} />}</RequireUser>;
}

function Holds({ user }: { user: Me }) {
  const { query, route } = useLocation();
  const [reload, setReload] = useState(0);
  const [state] = useRequest(String(reload), (signal) => getApi<{ holds: Hold[] }>("/api/holds", signal));
  const [vocab, setVocab] = useState<VocabularyResponse | null>(null);
  useEffect(() => {
    fetchVocabulary().then(setVocab, () => undefined);
  }, []);
  const start = query.start ?? "";
  const [editing, setEditing] = useState<Hold | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const [form, setForm] = useState<HoldForm>({
    organisationId: user.organisations[0]?.id ?? "",
    title: "",
    startsOn: start,
    endsOn: query.end ?? start,
    expiresOn: "",
    countries: "",
    audiences: [] as string[],
  });
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const owners = isCoordinator(user) ? (vocab?.organisations ?? []) : user.organisations;
  if (!form.organisationId && owners[0]) form.organisationId = owners[0].id;

  async function save(e: Event) {
    e.preventDefault();
    setFailure(null);
    try {
      if (editing) {
        await send("PATCH", `/api/holds/${editing.id}`, changedFields(editing, form));
        setEditing(null);
      } else {
        await send("POST", "/api/holds", { ...form, countries: countryList(form.countries) });
      }
      setForm({ ...form, title: "" });
      setReload((n) => n + 1);
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      setFailure({ message: errorMessage(error), issues: err?.issues ?? [] });
    }
  }
  function edit(h: Hold) {
    setFailure(null);
    setEditing(h);
    setForm({
      organisationId: h.organisationId,
      title: h.title,
      startsOn: h.startsOn,
      endsOn: h.endsOn,
      expiresOn: h.expiresOn,
      countries: h.countries.join(", "),
      audiences: h.audiences,
    });
    requestAnimationFrame(() => formHeading.current?.focus());
  }
  function stopEditing() {
    setEditing(null);
    setFailure(null);
    setForm({ ...form, title: "", countries: "", audiences: [] });
  }
  async function act(h: Hold, action: "release" | "convert") {
    if (action === "release") {
      await send("DELETE", `/api/holds/${h.id}`);
      setReload((n) => n + 1);
    } else {
      const { body } = await send<{ slug: string }>("POST", `/api/holds/${h.id}/convert`, {});
      route(`/events/${body.slug}/edit`);
    }
  }
  const issues = failure?.issues ?? [];
  const input = (key: "title" | "startsOn" | "endsOn" | "expiresOn" | "countries", label: string, date = false) => (
    <Field id={`f-${key}`} label={label} error={errorFor(issues, key)}>
      {(d, invalid) =>
        date ? (
          <input
            id={`f-${key}`}
            type="date"
            value={form[key]}
            onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
            aria-describedby={d}
            aria-invalid={invalid}
          />
        ) : (
          <input
            id={`f-${key}`}
            value={form[key]}
            onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
            aria-describedby={d}
            aria-invalid={invalid}
          />
        )
      }
    </Field>
  );
  const canChange = (h: Hold) => isCoordinator(user) || user.organisations.some((o) => o.id === h.organisationId);
  return (
    <section class="narrow">
      <h1>{t("holds.title")}</h1>
      <p>{t("holds.intro")}</p>
      {state.status === "error" && <p role="alert">{errorMessage(state.error)}</p>}
      {state.status === "done" &&
        (state.data.holds.length ? (
          <ul class="plain event-list">
            {state.data.holds.map((h) => (
              <li key={h.id}>
                <strong>{formatDateRange(h.startsOn, h.endsOn)}</strong> — {h.title}
                <div class="meta">
                  {h.organisation} · {t("holds.expires", { date: formatDate(h.expiresOn) })}
                </div>
                {canChange(h) && (
                  <div class="form-actions">
                    <button type="button" onClick={() => edit(h)}>
                      {t("holds.change")}
                    </button>
                    <button type="button" onClick={() => act(h, "convert")}>
                      {t("holds.convert")}
                    </button>
                    <button type="button" onClick={() => act(h, "release")}>
                      {t("holds.release")}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("holds.none")}</p>
        ))}
      <h2 ref={formHeading} tabIndex={-1}>
        {editing ? t("holds.changeTitle") : t("holds.new")}
      </h2>
      <form onSubmit={save} noValidate>
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        <SelectField
          id="f-organisationId"
          label={t("form.owner")}
          value={form.organisationId}
          onChange={(v) => setForm({ ...form, organisationId: v })}
          error={errorFor(issues, "organisationId")}
          options={owners.map((o) => ({ value: o.id, label: o.name }))}
        />
        {input("title", t("holds.titleField"))}
        {input("startsOn", t("holds.startsOn"), true)}
        {input("endsOn", t("holds.endsOn"), true)}
        {input("expiresOn", t("holds.expiresOn"), true)}
        {input("countries", t("holds.countries"))}
        <fieldset class="checkboxes">
          <legend>{t("form.audiences")}</legend>
          {(vocab?.audiences ?? []).map((a) => (
            <label key={a.id}>
              <input
                type="checkbox"
                checked={form.audiences.includes(a.id)}
                onChange={() =>
                  setForm({ ...form, audiences: form.audiences.includes(a.id) ? form.audiences.filter((x) => x !== a.id) : [...form.audiences, a.id] })
                }
              />{" "}
              {termLabel("audience", a.id)}
            </label>
          ))}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="primary">
            {editing ? t("form.save") : t("holds.save")}
          </button>
          {editing && (
            <button type="button" onClick={stopEditing}>
              {t("form.cancel")}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
