import type { ComponentChildren } from "preact";
import { useRoute } from "preact-iso";
import { useState } from "preact/hooks";
import { FollowSlot } from "../components/FollowSlot.tsx";
import { ManagePanel } from "../components/ManagePanel.tsx";
import { calendarLinkEvent, googleCalendarLink, outlookCalendarLink } from "../../../functions/lib/add-to-calendar.ts";
import type { EventDetail } from "../../../functions/events/events.schema.ts";
import { ApiRequestError, fetchEvent } from "../lib/api.ts";
import { eventLabel, statusLabel, typeLabel } from "../lib/event-labels.ts";
import { countryName, formatDateRange, formatInstantRange, formatList, languageName, t, termLabel, viewerTimeZone } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";

/** `/events/:slug`: one event with its organisers, contacts and links. */
export function EventRoute() {
  const { params } = useRoute();
  const slug = params.slug ?? "";
  const [version, setVersion] = useState(0);
  const [state] = useRequest(`${slug}#${version}`, (signal) => fetchEvent(slug, signal), version === 0 ? embeddedEvent(slug) : undefined);
  const back = (
    <p>
      <a href={state.status === "done" ? `/month/${eventMonth(state.data.event)}` : "/"}>{t("event.back")}</a>
    </p>
  );
  if (state.status === "loading") return <p role="status">{t("event.loading")}</p>;
  if (state.status === "error") {
    const missing = state.error instanceof ApiRequestError && (state.error.status === 404 || state.error.status === 400);
    return (
      <section>
        <h1>{missing ? t("notFound.title") : t("error.title")}</h1>
        <p role="alert">{missing ? t("event.notFound") : t("event.error")}</p>
        {back}
      </section>
    );
  }
  return (
    <article class="event-detail">
      {back}
      <EventBody event={state.data.event} />
      <ManagePanel event={state.data.event} etag={state.data.etag} onChanged={() => setVersion((v) => v + 1)} />
    </article>
  );
}

/** The event the server rendered into this page, if it is the one asked for. */
function embeddedEvent(slug: string): { event: EventDetail; etag: string | null } | undefined {
  const text = document.getElementById("initial-event")?.textContent;
  if (!text) return undefined;
  const data = JSON.parse(text) as { slug: string; event: EventDetail; etag: string | null };
  return data.slug === slug ? { event: data.event, etag: data.etag } : undefined;
}

function eventMonth(e: EventDetail): string {
  return e.startsAt.slice(0, 7);
}

function EventBody({ event: e }: { event: EventDetail }) {
  const zone = viewerTimeZone();
  const when = e.allDay ? formatDateRange(e.startsAt, e.endsAt) : formatInstantRange(e.start, e.end, zone);
  const where = [e.venue, e.city, e.country ? countryName(e.country) : null].filter(Boolean).join(", ");
  const type = typeLabel(e);
  return (
    <>
      <h1>{eventLabel(e)}</h1>
      <p class="event-meta">
        {type && <span>{type} · </span>}
        <span class={`status-badge status-${e.status}`}>{statusLabel(e)}</span>
        {e.major && (
          <>
            {" · "}
            <span class="major-badge">{t("event.major")}</span>
          </>
        )}
        {e.isSample && (
          <>
            {" · "}
            <span class="sample-badge">{t("event.sample")}</span>
          </>
        )}
      </p>
      {(!e.manage || e.manage.moderation === "published") && (
        <p class="follow-row">
          <FollowSlot kind="event" target={e.id} />
        </p>
      )}
      {e.summary && <p class="event-summary">{e.summary}</p>}
      <dl class="event-facts">
        <dt>{t("event.when")}</dt>
        <dd>
          {when}
          {!e.allDay && e.timeZone !== zone && (
            <div class="original-time">{t("event.originalTime", { time: formatInstantRange(e.start, e.end, e.timeZone), zone: e.timeZone })}</div>
          )}
        </dd>
        {(where || (e.attendanceMode && e.attendanceMode !== "in_person")) && (
          <>
            <dt>{t("event.where")}</dt>
            <dd>
              {where}
              {e.attendanceMode === "online" && <div>{t("event.online")}</div>}
              {e.attendanceMode === "hybrid" && <div>{t("event.hybrid")}</div>}
            </dd>
          </>
        )}
        {e.organisers.length > 0 && (
          <>
            <dt>{t("event.organisers")}</dt>
            <dd>
              <ul class="plain">
                {e.organisers.map((o) => (
                  <li key={o.id}>
                    <a href={`/organisations/${o.slug}`}>{o.name}</a>
                    {o.shortName && ` (${o.shortName})`}
                    {o.isLead && <span class="lead-note"> — {t("event.lead")}</span>}
                    {o.awaitingAcceptance && <span class="consent-note"> — {t("consent.awaiting")}</span>}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {e.languages.length > 0 && (
          <>
            <dt>{t("event.languages")}</dt>
            <dd>{formatList(e.languages.map(languageName))}</dd>
          </>
        )}
        {e.topics.length > 0 && (
          <>
            <dt>{t("event.topics")}</dt>
            <dd>{formatList(e.topics.map((id) => termLabel("topic", id)))}</dd>
          </>
        )}
        {e.audiences.length > 0 && (
          <>
            <dt>{t("event.audiences")}</dt>
            <dd>{formatList(e.audiences.map((id) => termLabel("audience", id)))}</dd>
          </>
        )}
      </dl>
      {e.description && (
        <div class="event-description">
          {e.description.split(/\n{2,}/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </div>
      )}
      {(e.registrationUrl || e.onlineUrl) && (
        <p class="event-actions">
          {e.registrationUrl && (
            <a class="button" href={e.registrationUrl} rel="noopener noreferrer">
              {t("event.register")}
            </a>
          )}
          {e.onlineUrl && (
            <a class="button" href={e.onlineUrl} rel="noopener noreferrer">
              {t("event.joinOnline")}
            </a>
          )}
        </p>
      )}
      <ListSection heading={t("event.contacts")} items={e.contacts}>
        {(p) => (
          <>
            <a href={`/people/${p.id}`}>{p.name}</a>
            {p.title && `, ${p.title}`}
            {p.email && (
              <>
                {" — "}
                <a href={`mailto:${p.email}`}>{p.email}</a>
              </>
            )}
          </>
        )}
      </ListSection>
      <ListSection heading={t("event.projects")} items={e.projects}>
        {(p) => <a href={`/projects/${p.slug}`}>{p.title}</a>}
      </ListSection>
      <ListSection heading={t("event.documents")} items={e.documents}>
        {(d) => <a href={`/documents/${d.slug}`}>{d.title}</a>}
      </ListSection>
      {!e.busy && <AddToCalendar event={e} where={where} />}
    </>
  );
}

/** A headed list of linked records; nothing at all when there are none. */
function ListSection<T extends { id: string }>({ heading, items, children }: { heading: string; items: T[]; children: (item: T) => ComponentChildren }) {
  if (items.length === 0) return null;
  return (
    <section>
      <h2>{heading}</h2>
      <ul class="plain">
        {items.map((item) => (
          <li key={item.id}>{children(item)}</li>
        ))}
      </ul>
    </section>
  );
}

function AddToCalendar({ event: e, where }: { event: EventDetail; where: string }) {
  const links = calendarLinkEvent(e, where || null, `${location.origin}/events/${e.slug}`);
  return (
    <section class="add-to-calendar">
      <h2>{t("event.addToCalendar")}</h2>
      <ul class="plain">
        <li>
          <a href={`/events/${e.slug}.ics`}>{t("event.ics")}</a>
        </li>
        <li>
          <a href={googleCalendarLink(links)} rel="noopener noreferrer">
            {t("event.google")}
          </a>
        </li>
        <li>
          <a href={outlookCalendarLink(links)} rel="noopener noreferrer">
            {t("event.outlook")}
          </a>
        </li>
      </ul>
    </section>
  );
}
