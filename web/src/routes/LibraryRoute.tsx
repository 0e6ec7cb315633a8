import "../timeline.css";
import { useLocation, useRoute } from "preact-iso";
import type { getDocument, getProject, listDocuments, listProjects } from "../../../functions/directory/directory.queries.ts";
import { getApi } from "../lib/api.ts";
import { countryName, formatDate, formatMoney, languageName, t, termLabel } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";
import { projectYears } from "../lib/project-years.ts";
import { Section } from "./OrganisationsRoute.tsx";
import { DOCUMENT_KINDS as KINDS } from "../../../db/enums.ts";
import { SelectField } from "../components/SelectField.tsx";

type Doc = Awaited<ReturnType<typeof listDocuments>>[number];
type DocPage = NonNullable<Awaited<ReturnType<typeof getDocument>>> & { file: string | null };
type Project = Awaited<ReturnType<typeof listProjects>>[number];
type ProjectPage = NonNullable<Awaited<ReturnType<typeof getProject>>>;

const issued = (d: string | null) => (d ? (d.length === 10 ? formatDate(d) : d) : "");

/** `/documents`: the library of base documents, by kind. */
export function DocumentsRoute() {
  const { query, route } = useLocation();
  const kind = query.kind ?? "";
  const [state] = useRequest(kind, (signal) => getApi<{ documents: Doc[] }>(`/api/documents${kind ? `?kind=${kind}` : ""}`, signal));
  return (
    <section>
      <h1>{t("nav.documents")}</h1>
      <p>{t("dir.documentsIntro")}</p>
      <SelectField
        id="doc-kind"
        label={t("dir.kind")}
        value={kind}
        onChange={(v) => route(v ? `/documents?kind=${v}` : "/documents", true)}
        empty={t("filters.any")}
        options={KINDS.map((k) => ({ value: k, label: t(`dir.doc.${k}`) }))}
      />
      {state.status === "done" && (
        <ul class="plain event-list">
          {state.data.documents.map((d) => (
            <li key={d.slug}>
              <a href={`/documents/${d.slug}`}>{d.title}</a>
              <div class="meta">
                {t(`dir.doc.${d.kind}` as "dir.doc.other")}
                {d.issuedOn && ` · ${issued(d.issuedOn)}`}
                {d.issuers.map((o) => (
                  <span key={o.slug}>
                    {" · "}
                    <a href={`/organisations/${o.slug}`}>{o.name}</a>
                  </span>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DocumentRoute() {
  const { params } = useRoute();
  const [state] = useRequest(params.slug, (signal) => getApi<DocPage>(`/api/documents/${params.slug}`, signal));
  if (state.status === "loading") return <p role="status">{t("common.loading")}</p>;
  if (state.status === "error") return <p role="alert">{t("dir.notFound")}</p>;
  const d = state.data;
  return (
    <article class="narrow">
      <h1>{d.title}</h1>
      <p class="event-meta">
        {t(`dir.doc.${d.kind}` as "dir.doc.other")}
        {d.issuedOn && ` · ${t("dir.issued", { date: issued(d.issuedOn) })}`}
      </p>
      {d.summary && <p class="event-summary">{d.summary}</p>}
      <dl class="event-facts">
        <dt>{t("dir.issuers")}</dt>
        <dd>
          {d.issuers.map((o, i) => (
            <span key={o.slug}>
              {i > 0 && ", "}
              <a href={`/organisations/${o.slug}`}>{o.name}</a>
              {"awaitingAcceptance" in o && o.awaitingAcceptance && <span class="consent-note"> ({t("consent.awaiting")})</span>}
            </span>
          ))}
        </dd>
        <dt>{t("dir.languages")}</dt>
        <dd>{d.languages.map(languageName).join(", ") || "—"}</dd>
        <dt>{t("dir.countries")}</dt>
        <dd>{d.countries.map(countryName).join(", ") || "—"}</dd>
        <dt>{t("event.topics")}</dt>
        <dd>{d.topics.map((x) => termLabel("topic", x)).join(", ") || "—"}</dd>
      </dl>
      {!d.url && !d.file && <p class="notice">{t("dir.noFile")}</p>}
      <p class="form-actions">
        {d.url && (
          <a class="button" href={d.url} rel="noopener noreferrer">
            {t("dir.open")}
          </a>
        )}
        {d.file && (
          <a class="button" href={d.file}>
            {t("dir.download")}
          </a>
        )}
      </p>
      <Section title={t("dir.events")}>
        {d.events.map((e: { slug: string; title: string }) => (
          <li key={e.slug}>
            <a href={`/events/${e.slug}`}>{e.title}</a>
          </li>
        ))}
      </Section>
      <Section title={t("dir.projects")}>
        {d.projects.map((p: { slug: string; title: string }) => (
          <li key={p.slug}>
            <a href={`/projects/${p.slug}`}>{p.title}</a>
          </li>
        ))}
      </Section>
    </article>
  );
}

/** `/projects`: the engagements with a timeline across the years. */
export function ProjectsRoute() {
  const [state] = useRequest("projects", (signal) => getApi<{ projects: Project[] }>("/api/projects", signal));
  if (state.status !== "done") return <p role="status">{state.status === "loading" ? t("common.loading") : t("common.error")}</p>;
  const list = state.data.projects;
  const first = Math.min(...list.map((p) => Number(p.startDate.slice(0, 4))));
  const last = Math.max(...list.map((p) => Number((p.endDate ?? p.startDate).slice(0, 4))));
  const span = Math.max(1, last - first + 1);
  const years = Array.from({ length: span }, (_, i) => first + i);
  return (
    <section>
      <h1>{t("nav.projects")}</h1>
      <p>{t("dir.projectsIntro")}</p>
      <h2>{t("dir.timeline")}</h2>
      {/* biome-ignore lint/a11y/useSemanticElements: a grid of bars; the list role keeps their count announced */}
      <div class={`timeline years-${Math.min(span, 40)}`} role="list">
        <div class="timeline-years" aria-hidden="true">
          {years.map((y) => (
            <span key={y}>{y}</span>
          ))}
        </div>
        {list.map((p) => {
          const from = Number(p.startDate.slice(0, 4)) - first;
          const to = Number((p.endDate ?? p.startDate).slice(0, 4)) - first + 1;
          return (
            // biome-ignore lint/a11y/useSemanticElements: the rows of the grid above
            <div role="listitem" class="timeline-row" key={p.slug}>
              <a href={`/projects/${p.slug}`} class={`timeline-bar start-${from} end-${to}`}>
                {p.title}
              </a>
              <span class="visually-hidden">{projectYears(p)}</span>
            </div>
          );
        })}
      </div>
      <h2>{t("nav.projects")}</h2>
      <ul class="plain event-list">
        {list.map((p) => (
          <li key={p.slug}>
            <a href={`/projects/${p.slug}`}>{p.title}</a>
            <div class="meta">
              {t(`dir.status.${p.status}` as "dir.status.completed")} · {projectYears(p)}
              {p.organisations.map((o) => (
                <span key={o.slug}>
                  {" · "}
                  <a href={`/organisations/${o.slug}`}>{o.name}</a>
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ProjectRoute() {
  const { params } = useRoute();
  const [state] = useRequest(params.slug, (signal) => getApi<ProjectPage>(`/api/projects/${params.slug}`, signal));
  if (state.status === "loading") return <p role="status">{t("common.loading")}</p>;
  if (state.status === "error") return <p role="alert">{t("dir.notFound")}</p>;
  const p = state.data;
  const lead = p.organisations.filter((o) => o.role === "lead");
  const partners = p.organisations.filter((o) => o.role !== "lead");
  const money = p.budgetAmount !== null ? formatMoney(p.budgetAmount, p.budgetCurrency ?? "EUR") : null;
  return (
    <article class="narrow">
      <h1>{p.title}</h1>
      <p class="event-meta">
        {t(`dir.status.${p.status}` as "dir.status.completed")} ·{" "}
        {t("dir.period", { from: formatDate(p.startDate), to: p.endDate ? formatDate(p.endDate) : t("dir.ongoing") })}
      </p>
      {p.description && <p>{p.description}</p>}
      <dl class="event-facts">
        <dt>{t("dir.lead")}</dt>
        <dd>
          {lead.map((o) => (
            <a key={o.slug} href={`/organisations/${o.slug}`}>
              {o.name}
            </a>
          ))}
        </dd>
        {partners.length > 0 && (
          <>
            <dt>{t("dir.partners")}</dt>
            <dd>
              {partners.map((o, i) => (
                <span key={o.slug}>
                  {i > 0 && ", "}
                  <a href={`/organisations/${o.slug}`}>{o.name}</a>
                </span>
              ))}
            </dd>
          </>
        )}
        {money && (
          <>
            <dt>{t("dir.budget")}</dt>
            <dd>{money}</dd>
          </>
        )}
        {p.fundingSource && (
          <>
            <dt>{t("dir.funding")}</dt>
            <dd>{p.fundingSource}</dd>
          </>
        )}
      </dl>
      <Section title={t("dir.events")}>
        {p.events.map((e) => (
          <li key={e.slug}>
            <a href={`/events/${e.slug}`}>{e.title}</a> <span class="meta">· {formatDate(e.startsAt.slice(0, 10))}</span>
          </li>
        ))}
      </Section>
      <Section title={t("dir.documents")}>
        {p.documents.map((d) => (
          <li key={d.slug}>
            <a href={`/documents/${d.slug}`}>{d.title}</a>
          </li>
        ))}
      </Section>
    </article>
  );
}
