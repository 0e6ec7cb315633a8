import { RequireUser } from "../components/RequireUser.tsx";
import { fetchMyEvents, fetchReviewQueue, type QueueItem } from "../lib/api.ts";
import { formatDateRange, t } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";

function EventTable({ items, showSubmitter }: { items: QueueItem[]; showSubmitter: boolean }) {
  return (
    <ul class="plain event-list">
      {items.map((i) => (
        <li key={i.id}>
          <a href={`/events/${i.slug}`}>{i.title}</a>
          <div class="meta">
            {formatDateRange(i.startsAt.slice(0, 10), i.endsAt.slice(0, 10))} · {i.ownerName} · {t(`moderation.${i.moderation}` as "moderation.draft")}
            {i.hasPendingChanges && ` · ${t("review.proposedChange")}`}
            {showSubmitter && i.submitterName && ` · ${i.submitterName}`}
          </div>
          {i.clashJustification && (
            <div class="meta">
              {t("review.justification")} {i.clashJustification}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** `/review`: what waits for a coordinator. */
export function ReviewRoute() {
  return (
    <RequireUser allow={isCoordinator}>{() => <Queue load={fetchReviewQueue} title={t("review.title")} empty={t("review.empty")} showSubmitter />}</RequireUser>
  );
}

/** `/my/events`: every state of the events of the partner's organisations. */
export function MyEventsRoute() {
  return (
    <RequireUser allow={(u) => u.organisations.length > 0 || isCoordinator(u)}>
      {() => <Queue load={fetchMyEvents} title={t("myEvents.title")} empty={t("myEvents.empty")} showSubmitter={false} />}
    </RequireUser>
  );
}

function Queue({
  load,
  title,
  empty,
  showSubmitter,
}: {
  load: (s: AbortSignal) => Promise<{ items: QueueItem[] }>;
  title: string;
  empty: string;
  showSubmitter: boolean;
}) {
  const [state] = useRequest(title, load);
  return (
    <section>
      <h1>{title}</h1>
      {state.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {state.status === "error" && <p role="alert">{t("common.error")}</p>}
      {state.status === "done" && (state.data.items.length ? <EventTable items={state.data.items} showSubmitter={showSubmitter} /> : <p>{empty}</p>)}
    </section>
  );
}
