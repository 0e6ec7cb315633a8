import { useEffect, useState } from "preact/hooks";
import { RequireUser } from "../components/RequireUser.tsx";
import { fetchMyEvents, fetchReviewQueue, fetchVocabulary, type QueueItem, type VocabularyResponse } from "../lib/api.ts";
import { formatDate, formatDateRange, formatList, t } from "../lib/i18n.ts";
import { reasonWords } from "../lib/radar.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";

/** What the clash radar finds for a queued item: its strongest severity, the events it clashes with and why. */
function QueueClashes({ item, vocab }: { item: QueueItem; vocab: VocabularyResponse | null }) {
  const found = item.clashes;
  if (!found) return null;
  const headingId = `clashes-${item.id}`;
  return (
    <div class={`review-clashes clash-${found.highest ?? "none"}`}>
      <p class="clash-severity">{found.highest ? t("review.severity", { severity: t(`radar.severity.${found.highest}`) }) : t("review.noClashes")}</p>
      {found.periods.map((p) => (
        <p key={p.id} class={`meta clash-${p.severity}`}>
          {formatList(p.reasons.map((r) => reasonWords(r, vocab)))}
        </p>
      ))}
      {found.clashes.length > 0 && (
        <>
          <p id={headingId} class="meta">
            {t("review.clashesWith")}
          </p>
          <ul class="plain radar-list" aria-labelledby={headingId}>
            {found.clashes.map((c) => (
              <li key={`${c.slug}@${c.startsAt}`} class={`clash clash-${c.severity}`}>
                <span class="clash-severity">{t("radar.score", { severity: t(`radar.severity.${c.severity}`) })}</span>{" "}
                {c.busy ? t("event.busy", { organisation: c.organiser ?? "" }) : <a href={c.kind === "hold" ? "/holds" : `/events/${c.slug}`}>{c.title}</a>}
                <span class="meta"> · {formatDate(c.startsAt.slice(0, 10))}</span>
                <div class="meta">{formatList(c.reasons.map((r) => reasonWords(r, vocab)))}</div>
              </li>
            ))}
          </ul>
          {found.total > found.clashes.length && <p class="hint">{t("review.shown", { shown: found.clashes.length, total: found.total })}</p>}
        </>
      )}
    </div>
  );
}

function EventTable({ items, review }: { items: QueueItem[]; review: boolean }) {
  // Organisation names for the radar's "same organiser" reasons.
  const [vocab, setVocab] = useState<VocabularyResponse | null>(null);
  useEffect(() => {
    if (review) fetchVocabulary().then(setVocab, () => undefined);
  }, [review]);
  return (
    <ul class={review ? "plain event-list review-list" : "plain event-list"}>
      {items.map((i) => (
        <li key={i.id}>
          <a href={`/events/${i.slug}`}>{i.title}</a>
          <div class="meta">
            {formatDateRange(i.startsAt.slice(0, 10), i.endsAt.slice(0, 10))} · {i.ownerName} · {t(`moderation.${i.moderation}` as "moderation.draft")}
            {i.hasPendingChanges && ` · ${t("review.proposedChange")}`}
            {review && i.submitterName && ` · ${i.submitterName}`}
          </div>
          {review && <QueueClashes item={i} vocab={vocab} />}
          {i.clashJustification ? (
            <div class="meta">
              {t("review.justification")} {i.clashJustification}
            </div>
          ) : (
            review && i.clashes?.highest === "high" && <div class="meta">{t("review.noJustification")}</div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** `/review`: what waits for a coordinator, with what the clash radar finds for each. */
export function ReviewRoute() {
  return <RequireUser allow={isCoordinator}>{() => <Queue load={fetchReviewQueue} title={t("review.title")} empty={t("review.empty")} review />}</RequireUser>;
}

/** `/my/events`: every state of the events of the partner's organisations. */
export function MyEventsRoute() {
  return (
    <RequireUser allow={(u) => u.organisations.length > 0 || isCoordinator(u)}>
      {() => <Queue load={fetchMyEvents} title={t("myEvents.title")} empty={t("myEvents.empty")} review={false} />}
    </RequireUser>
  );
}

function Queue({ load, title, empty, review }: { load: (s: AbortSignal) => Promise<{ items: QueueItem[] }>; title: string; empty: string; review: boolean }) {
  const [state] = useRequest(title, load);
  return (
    <section>
      <h1>{title}</h1>
      {state.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {state.status === "error" && <p role="alert">{t("common.error")}</p>}
      {state.status === "done" && (state.data.items.length ? <EventTable items={state.data.items} review={review} /> : <p>{empty}</p>)}
    </section>
  );
}
