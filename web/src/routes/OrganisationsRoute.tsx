import { useLocation, useRoute } from "preact-iso";
import { FollowSlot } from "../components/FollowSlot.tsx";
import { ORGANISATION_KINDS as KINDS, REGION_COUNTRIES as COUNTRIES } from "../../../db/enums.ts";
import type { getOrganisation, listOrganisations } from "../../../functions/directory/directory.queries.ts";
import { byLabel, SelectField } from "../components/SelectField.tsx";
import { getApi } from "../lib/api.ts";
import { countryName, formatDate, t } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";
import { projectYears } from "../lib/project-years.ts";

type Org = Awaited<ReturnType<typeof listOrganisations>>[number];
type OrgPage = NonNullable<Awaited<ReturnType<typeof getOrganisation>>> & { feed: string };

/** `/organisations`: the list, filtered by country and kind, as a tree of units. */
export function OrganisationsRoute() {
  const { query, route } = useLocation();
  const params = new URLSearchParams(Object.entries(query).filter(([k]) => ["country", "kind"].includes(k)));
  const [state] = useRequest(params.toString(), (signal) => getApi<{ organisations: Org[] }>(`/api/organisations?${params}`, signal));
  const set = (key: string, value: string) => {
    if (value) params.set(key, value);
    else params.delete(key);
    route(`/organisations${params.size ? `?${params}` : ""}`, true);
  };
  const orgs = state.status === "done" ? state.data.organisations : [];
  const roots = orgs.filter((o) => !o.parentId || !orgs.some((p) => p.id === o.parentId));
  const tree = (o: Org) => (
    <li key={o.id}>
      <a href={`/organisations/${o.slug}`}>{o.name}</a>
      {o.shortName && ` (${o.shortName})`}{" "}
      <span class="meta">
        · {t(`dir.kind.${o.kind}`)}
        {o.countries.length ? ` · ${o.countries.map(countryName).join(", ")}` : ""}
      </span>
      {orgs.some((c) => c.parentId === o.id) && <ul>{orgs.filter((c) => c.parentId === o.id).map(tree)}</ul>}
    </li>
  );
  return (
    <section>
      <h1>{t("dir.organisations")}</h1>
      <p>{t("dir.organisationsIntro")}</p>
      <div class="filter-grid">
        <SelectField
          id="org-country"
          label={t("filters.country")}
          value={query.country ?? ""}
          onChange={(v) => set("country", v)}
          empty={t("filters.any")}
          options={byLabel(COUNTRIES.map((c) => ({ value: c, label: countryName(c) })))}
        />
        <SelectField
          id="org-kind"
          label={t("dir.kind")}
          value={query.kind ?? ""}
          onChange={(v) => set("kind", v)}
          empty={t("filters.any")}
          options={KINDS.map((k) => ({ value: k, label: t(`dir.kind.${k}`) }))}
        />
      </div>
      <p>
        <a href="/api/export/organisations.csv" download>
          {t("dir.csv")}
        </a>
      </p>
      {state.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {state.status === "done" && <ul class="org-tree">{roots.map(tree)}</ul>}
    </section>
  );
}

/** `/organisations/:slug`: one organisation with its people, events, projects and documents. */
export function OrganisationRoute() {
  const { params } = useRoute();
  const [state] = useRequest(params.slug, (signal) => getApi<OrgPage>(`/api/organisations/${params.slug}`, signal));
  if (state.status === "loading") return <p role="status">{t("common.loading")}</p>;
  if (state.status === "error") return <p role="alert">{t("dir.notFound")}</p>;
  const o = state.data;
  return (
    <article>
      <h1>
        {o.name}
        {o.shortName && ` (${o.shortName})`}
      </h1>
      <p class="event-meta">
        {t(`dir.kind.${o.kind}`)}
        {o.city && ` · ${o.city}`}
        {o.countries.length > 0 && ` · ${o.countries.map(countryName).join(", ")}`}
      </p>
      {o.parent && (
        <p>
          {t("dir.partOf", { name: "" })}
          <a href={`/organisations/${o.parent.slug}`}>{o.parent.name}</a>
        </p>
      )}
      {o.description && <p>{o.description}</p>}
      <p class="form-actions">
        {o.website && (
          <a href={o.website} rel="noopener noreferrer">
            {t("dir.website")}
          </a>
        )}
        <a class="button" href={o.feed.replace(/^https?:/, "webcal:")}>
          {t("dir.feed")}
        </a>
        <FollowSlot kind="organisation" target={o.id} />
      </p>
      {o.children.length > 0 && (
        <Section title={t("dir.units")}>
          {o.children.map((c) => (
            <li key={c.slug}>
              <a href={`/organisations/${c.slug}`}>{c.name}</a>
            </li>
          ))}
        </Section>
      )}
      <Section title={t("dir.people")}>
        {o.people.map((p) => (
          <li key={p.id}>
            <a href={`/people/${p.id}`}>{p.name}</a>
            {p.title && `, ${p.title}`}
          </li>
        ))}
      </Section>
      {o.people.length > 0 && (
        <p>
          <a href={`/organisations/${o.slug}.vcf`}>{t("dir.vcards")}</a>
        </p>
      )}
      <Section title={t("dir.upcoming")}>
        {o.upcomingEvents.map((e) => (
          <li key={e.slug}>
            <a href={`/events/${e.slug}`}>{e.title}</a> <span class="meta">· {formatDate(e.startsAt.slice(0, 10))}</span>
          </li>
        ))}
      </Section>
      <Section title={t("dir.projects")}>
        {o.projects.map((p) => (
          <li key={p.slug}>
            <a href={`/projects/${p.slug}`}>{p.title}</a> <span class="meta">· {projectYears(p)}</span>
          </li>
        ))}
      </Section>
      <Section title={t("dir.documents")}>
        {o.documents.map((d) => (
          <li key={d.slug}>
            <a href={`/documents/${d.slug}`}>{d.title}</a>
          </li>
        ))}
      </Section>
      <Section title={t("dir.past")}>
        {o.pastEvents.map((e) => (
          <li key={e.slug}>
            <a href={`/events/${e.slug}`}>{e.title}</a> <span class="meta">· {formatDate(e.startsAt.slice(0, 10))}</span>
          </li>
        ))}
      </Section>
    </article>
  );
}

/** A headed list; says so when it is empty. */
export function Section({ title, children }: { title: string; children: preact.ComponentChildren[] | preact.ComponentChildren }) {
  const items = Array.isArray(children) ? children : [children];
  return (
    <section>
      <h2>{title}</h2>
      {items.length ? <ul class="plain event-list">{items}</ul> : <p>{t("dir.none")}</p>}
    </section>
  );
}
