import { useRef, useState } from "preact/hooks";
import { OBSERVANCE_KINDS, REGION_COUNTRIES } from "../../../db/enums.ts";
import type { Observance } from "../../../functions/coordination/observances.ts";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { RequireUser } from "../components/RequireUser.tsx";
import { SelectField } from "../components/SelectField.tsx";
import type { ObservanceWords } from "../observance-words/en.ts";
import { ApiRequestError, errorMessage, getApi, send, type FieldIssue } from "../lib/api.ts";
import { countryName, currentLanguage, formatDateRange, formatList, t, type Locale } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";

type Form = Omit<Observance, "id">;
const EMPTY: Form = { kind: "blackout", title: "", startsOn: "", endsOn: "", countries: [] };
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** What the form changes of `o`: only those fields go in the PATCH. */
function changedFields(o: Observance, form: Form): Partial<Form> {
  const body: Partial<Form> = {};
  for (const key of ["kind", "title", "startsOn", "endsOn"] as const) if (form[key] !== o[key]) Object.assign(body, { [key]: form[key] });
  if (!sameList(form.countries, o.countries)) body.countries = form.countries;
  return body;
}

/** The page's words, a chunk per language fetched with this page only (budgets: README). */
const wordLoaders: Record<Locale, () => Promise<ObservanceWords>> = {
  en: () => import("../observance-words/en.ts").then((m) => m.en),
  da: () => import("../observance-words/da.ts").then((m) => m.da),
  sv: () => import("../observance-words/sv.ts").then((m) => m.sv),
  nb: () => import("../observance-words/nb.ts").then((m) => m.nb),
  fi: () => import("../observance-words/fi.ts").then((m) => m.fi),
  is: () => import("../observance-words/is.ts").then((m) => m.is),
  et: () => import("../observance-words/et.ts").then((m) => m.et),
  lv: () => import("../observance-words/lv.ts").then((m) => m.lv),
  lt: () => import("../observance-words/lt.ts").then((m) => m.lt),
  ru: () => import("../observance-words/ru.ts").then((m) => m.ru),
  pl: () => import("../observance-words/pl.ts").then((m) => m.pl),
  de: () => import("../observance-words/de.ts").then((m) => m.de),
};
type Say = (key: keyof ObservanceWords, params?: Record<string, string>) => string;

/** `/observances`: coordinators mark the observances and blackout periods the radar and the finder respect. */
export function ObservancesRoute() {
  const language = currentLanguage();
  const [words] = useRequest(language, () => wordLoaders[language]());
  if (words.status === "loading") return <p role="status">{t("common.loading")}</p>;
  if (words.status === "error") return <p role="alert">{t("common.error")}</p>;
  // The words are plain text for text nodes and attributes; Preact escapes them.
  const say: Say = (key, params = {}) => words.data[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
  return <RequireUser allow={isCoordinator}>{() => <Observances say={say} />}</RequireUser>;
}

function Observances({ say }: { say: Say }) {
  const [reload, setReload] = useState(0);
  const [state] = useRequest(String(reload), (signal) => getApi<{ observances: Observance[] }>("/api/observances", signal));
  const [editing, setEditing] = useState<Observance | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [notice, setNotice] = useState("");
  const formHeading = useRef<HTMLHeadingElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const issues = failure?.issues ?? [];

  async function save(e: Event) {
    e.preventDefault();
    setFailure(null);
    try {
      if (editing) await send("PATCH", `/api/observances/${editing.id}`, changedFields(editing, form));
      else await send("POST", "/api/observances", form);
      setNotice(say("obs.saved", { title: form.title }));
      setEditing(null);
      setForm(EMPTY);
      setReload((n) => n + 1);
    } catch (error) {
      setFailure({ message: errorMessage(error), issues: error instanceof ApiRequestError ? error.issues : [] });
    }
  }
  function edit(o: Observance) {
    setFailure(null);
    setNotice("");
    setEditing(o);
    setForm({ kind: o.kind, title: o.title, startsOn: o.startsOn, endsOn: o.endsOn, countries: o.countries });
    requestAnimationFrame(() => formHeading.current?.focus());
  }
  function stopEditing() {
    setEditing(null);
    setFailure(null);
    setForm(EMPTY);
  }
  async function remove(o: Observance) {
    try {
      await send("DELETE", `/api/observances/${o.id}`);
      setNotice(say("obs.deleted", { title: o.title }));
      if (editing?.id === o.id) stopEditing();
      setReload((n) => n + 1);
      // The button pressed is gone with its period: the keyboard carries on from the message.
      status.current?.focus();
    } catch (error) {
      setNotice(errorMessage(error));
    }
  }
  const input = (key: "title" | "startsOn" | "endsOn", label: string, type: "text" | "date") => (
    <Field id={`f-${key}`} label={label} error={errorFor(issues, key)}>
      {(d, invalid) => (
        <input
          id={`f-${key}`}
          {...({ type } as { type: "text" })}
          value={form[key]}
          onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
          aria-describedby={d}
          aria-invalid={invalid || undefined}
        />
      )}
    </Field>
  );
  const toggle = (code: string) =>
    setForm({ ...form, countries: form.countries.includes(code) ? form.countries.filter((c) => c !== code) : [...form.countries, code] });
  return (
    <section class="narrow observances">
      <h1>{say("obs.title")}</h1>
      <p>{say("obs.intro")}</p>
      <p role="status" tabIndex={-1} ref={status}>
        {notice}
      </p>
      {state.status === "error" && <p role="alert">{errorMessage(state.error)}</p>}
      {state.status === "done" &&
        (state.data.observances.length ? (
          <ul class="plain event-list">
            {state.data.observances.map((o) => (
              <li key={o.id} class={`observance observance-${o.kind}`}>
                <strong>{formatDateRange(o.startsOn, o.endsOn)}</strong> — {o.title}
                <div class="meta">
                  {t(`obs.kind.${o.kind}`)} · {o.countries.length ? formatList(o.countries.map(countryName)) : say("obs.wholeRegion")}
                </div>
                <div class="form-actions">
                  <button type="button" onClick={() => edit(o)}>
                    {say("obs.change")}
                    <span class="visually-hidden"> {o.title}</span>
                  </button>
                  <button type="button" onClick={() => remove(o)}>
                    {say("obs.delete")}
                    <span class="visually-hidden"> {o.title}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p>{say("obs.none")}</p>
        ))}
      <h2 ref={formHeading} tabIndex={-1}>
        {editing ? say("obs.editTitle") : say("obs.new")}
      </h2>
      <form onSubmit={save} noValidate>
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        <SelectField
          id="f-kind"
          label={say("obs.kind")}
          value={form.kind}
          onChange={(v) => setForm({ ...form, kind: v as Form["kind"] })}
          error={errorFor(issues, "kind")}
          options={OBSERVANCE_KINDS.map((k) => ({ value: k, label: t(`obs.kind.${k}`) }))}
        />
        {input("title", say("obs.titleField"), "text")}
        {input("startsOn", say("obs.startsOn"), "date")}
        {input("endsOn", say("obs.endsOn"), "date")}
        <fieldset id="f-countries" class="checkboxes" tabIndex={-1} aria-describedby={errorFor(issues, "countries") ? "f-countries-error" : undefined}>
          <legend>{say("obs.countries")}</legend>
          {errorFor(issues, "countries") && (
            <p id="f-countries-error" class="field-error">
              {errorFor(issues, "countries")}
            </p>
          )}
          {REGION_COUNTRIES.map((code) => (
            <label key={code}>
              <input type="checkbox" checked={form.countries.includes(code)} onChange={() => toggle(code)} /> {countryName(code)}
            </label>
          ))}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="primary">
            {editing ? t("form.save") : say("obs.add")}
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
