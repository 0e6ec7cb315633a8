import { useLocation, useRoute } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { FIELD_VISIBILITIES, LAWFUL_BASES, REGION_COUNTRIES as COUNTRIES, REGION_LANGUAGES as LANGUAGES } from "../../../db/enums.ts";
import type { DirectoryPerson } from "../../../functions/directory/directory.queries.ts";
import type { PersonResponse } from "../../../functions/directory/directory.types.ts";
import { EditPerson } from "../components/EditPerson.tsx";
import { byLabel, SelectField, type Option } from "../components/SelectField.tsx";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { errorMessage, ApiRequestError, fetchVocabulary, getApi, send, type FieldIssue, type VocabularyResponse } from "../lib/api.ts";
import { countryName, languageName, t, termLabel } from "../lib/i18n.ts";
import { isCoordinator, useSession } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";

/** `/people`: the directory of key persons with filters; coordinators add people here. */
export function PeopleRoute() {
  const { query, route } = useLocation();
  const { user } = useSession();
  const keys = ["country", "organisation", "topic", "language"];
  const params = new URLSearchParams(Object.entries(query).filter(([k]) => keys.includes(k)));
  const [reload, setReload] = useState(0);
  const [state] = useRequest(`${params}#${reload}`, (signal) => getApi<{ people: DirectoryPerson[] }>(`/api/people?${params}`, signal));
  const [vocab, setVocab] = useState<VocabularyResponse | null>(null);
  useEffect(() => {
    fetchVocabulary().then(setVocab, () => undefined);
  }, []);
  const set = (key: string, value: string) => {
    if (value) params.set(key, value);
    else params.delete(key);
    route(`/people${params.size ? `?${params}` : ""}`, true);
  };
  const select = (key: string, label: string, options: Option[]) => (
    <SelectField
      key={key}
      id={`people-${key}`}
      label={label}
      value={query[key] ?? ""}
      onChange={(v) => set(key, v)}
      empty={t("filters.any")}
      options={options}
    />
  );
  return (
    <section>
      <h1>{t("nav.people")}</h1>
      <p>{t("dir.peopleIntro")}</p>
      <div class="filter-grid">
        {select("country", t("filters.country"), byLabel(COUNTRIES.map((c) => ({ value: c, label: countryName(c) }))))}
        {select(
          "organisation",
          t("dir.organisation"),
          (vocab?.organisations ?? []).map((o) => ({ value: o.id, label: o.name })),
        )}
        {select(
          "topic",
          t("dir.topic"),
          (vocab?.topics ?? []).map((x) => ({ value: x.id, label: termLabel("topic", x.id) })),
        )}
        {select("language", t("dir.language"), byLabel(LANGUAGES.map((l) => ({ value: l, label: languageName(l) }))))}
      </div>
      <p>
        <a href="/api/export/people.csv" download>
          {t("dir.csv")}
        </a>
      </p>
      {state.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {state.status === "done" && (
        <ul class="plain event-list">
          {state.data.people.map((p) => (
            <li key={p.id}>
              <a href={`/people/${p.id}`}>{p.name}</a>
              {p.title && `, ${p.title}`}
              {p.isSample && <span class="sample-tag">{t("dir.sample")}</span>}
              <div class="meta">
                {p.organisations.map((o, i) => (
                  <span key={o.id}>
                    {i > 0 && ", "}
                    <a href={`/organisations/${o.slug}`}>{o.name}</a>
                  </span>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      {isCoordinator(user) && vocab && <AddPerson vocab={vocab} onAdded={() => setReload((n) => n + 1)} />}
    </section>
  );
}

function AddPerson({ vocab, onAdded }: { vocab: VocabularyResponse; onAdded: () => void }) {
  const blank = {
    name: "",
    title: "",
    email: "",
    emailVisibility: "coordinators",
    phone: "",
    phoneVisibility: "coordinators",
    organisation: "",
    topic: "",
    country: "",
    lawfulBasis: "legitimate_interest",
    consentAt: "",
  };
  const [f, setF] = useState(blank);
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const issues = failure?.issues ?? [];
  async function save(e: Event) {
    e.preventDefault();
    setFailure(null);
    try {
      const { body } = await send<{ notified: boolean }>("POST", "/api/people", {
        name: f.name,
        title: f.title || null,
        email: f.email || null,
        emailVisibility: f.emailVisibility,
        phone: f.phone || null,
        phoneVisibility: f.phoneVisibility,
        countries: f.country ? [f.country] : [],
        organisations: f.organisation ? [{ id: f.organisation }] : [],
        topics: f.topic ? [f.topic] : [],
        lawfulBasis: f.lawfulBasis,
        consentAt: f.consentAt ? new Date(`${f.consentAt}T12:00:00Z`).toISOString() : null,
      });
      setNotice(t("dir.added", { notice: body.notified ? t("dir.noticeSent") : "" }));
      setF(blank);
      onAdded();
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      setFailure({ message: errorMessage(error), issues: err?.issues ?? [] });
    }
  }
  const input = (key: keyof typeof blank, label: string, type: "text" | "email" | "tel" | "date" = "text") => (
    <Field id={`f-${key}`} label={label} error={errorFor(issues, key)}>
      {(d, invalid) => (
        <input
          id={`f-${key}`}
          {...({ type } as { type: "text" })}
          value={f[key]}
          onInput={(e) => setF({ ...f, [key]: e.currentTarget.value })}
          aria-describedby={d}
          aria-invalid={invalid}
        />
      )}
    </Field>
  );
  const choose = (key: keyof typeof blank, label: string, options: Option[]) => (
    <SelectField id={`f-${key}`} label={label} value={f[key]} onChange={(v) => setF({ ...f, [key]: v })} error={errorFor(issues, key)} options={options} />
  );
  // Most restrictive first, as the default is.
  const visibility = [...FIELD_VISIBILITIES].reverse().map((v) => ({ value: v, label: t(`dir.visibility.${v}` as "dir.visibility.public") }));
  return (
    <section class="narrow">
      <h2>{t("dir.addPerson")}</h2>
      <form onSubmit={save} noValidate>
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        {input("name", t("dir.name"))}
        {input("title", t("dir.title"))}
        {choose("organisation", t("dir.organisation"), [{ value: "", label: "—" }, ...vocab.organisations.map((o) => ({ value: o.id, label: o.name }))])}
        {choose("country", t("filters.country"), [{ value: "", label: "—" }, ...byLabel(COUNTRIES.map((c) => ({ value: c, label: countryName(c) })))])}
        {choose("topic", t("dir.topic"), [{ value: "", label: "—" }, ...vocab.topics.map((x) => ({ value: x.id, label: termLabel("topic", x.id) }))])}
        {input("email", t("dir.email"), "email")}
        {choose("emailVisibility", `${t("dir.email")}: ${t("dir.visibility")}`, visibility)}
        {input("phone", t("dir.phone"), "tel")}
        {choose("phoneVisibility", `${t("dir.phone")}: ${t("dir.visibility")}`, visibility)}
        {choose(
          "lawfulBasis",
          t("dir.basis"),
          LAWFUL_BASES.map((b) => ({ value: b, label: t(`dir.basis.${b}` as "dir.basis.consent") })),
        )}
        {f.lawfulBasis === "consent" && input("consentAt", t("dir.consentAt"), "date")}
        <button type="submit" class="primary">
          {t("dir.addPerson")}
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

/** `/people/:id`: a profile with the contact fields the viewer may see. */
export function PersonRoute() {
  const { params } = useRoute();
  const { user } = useSession();
  const [state] = useRequest(params.id, (signal) => getApi<PersonResponse>(`/api/people/${params.id}`, signal));
  const [saved, setSaved] = useState<PersonResponse | null>(null);
  if (state.status === "loading") return <p role="status">{t("common.loading")}</p>;
  if (state.status === "error") return <p role="alert">{t("dir.notFound")}</p>;
  const p = saved?.id === state.data.id ? saved : state.data;
  return (
    <article class="narrow">
      <h1>{p.name}</h1>
      {p.title && <p class="event-summary">{p.title}</p>}
      {p.isSample && <p class="sample-badge">{t("dir.sample")}</p>}
      <dl class="event-facts">
        <dt>{t("dir.organisation")}</dt>
        <dd>
          {p.organisations.map((o, i) => (
            <span key={o.id}>
              {i > 0 && ", "}
              <a href={`/organisations/${o.slug}`}>{o.name}</a>
              {o.role && ` (${o.role})`}
            </span>
          ))}
        </dd>
        {p.email && (
          <>
            <dt>{t("dir.email")}</dt>
            <dd>
              <a href={`mailto:${p.email}`}>{p.email}</a>
            </dd>
          </>
        )}
        {p.phone && (
          <>
            <dt>{t("dir.phone")}</dt>
            <dd>
              <a href={`tel:${p.phone.replace(/[^\d+]/g, "")}`}>{p.phone}</a>
            </dd>
          </>
        )}
        <dt>{t("dir.countries")}</dt>
        <dd>{p.countries.map(countryName).join(", ") || "—"}</dd>
        <dt>{t("dir.languages")}</dt>
        <dd>{p.languages.map(languageName).join(", ") || "—"}</dd>
        <dt>{t("dir.expertise")}</dt>
        <dd>{p.topics.map((x) => termLabel("topic", x)).join(", ") || "—"}</dd>
      </dl>
      <p>
        <a class="button" href={`/people/${p.id}.vcf`}>
          {t("dir.vcard")}
        </a>
      </p>
      {isCoordinator(user) && p.contact && <EditPerson key={p.id} person={p} onSaved={setSaved} />}
    </article>
  );
}
