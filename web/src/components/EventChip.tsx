import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { eventLabel, statusLabel, typeLabel } from "../lib/event-labels.ts";
import { countryName, formatList, formatTime, t } from "../lib/i18n.ts";

interface Props {
  event: EventSummary;
  timeZone: string;
  showTime: boolean;
  /** The event's days when it covers several: shown (lists) or only read out (bars, `hideRange`). */
  range?: string;
  hideRange?: boolean;
  /** Place and organisers on a line of their own (the list views). */
  details?: boolean;
  /** Extra classes (a bar's span and its continuing ends). */
  extra?: string;
  /** A bar that goes on from the previous row / into the next one. */
  before?: boolean;
  after?: boolean;
}

/** Where an event is: its city and country, or "Online". */
function placeOf(e: EventSummary): string {
  const place = [e.city, e.country && countryName(e.country)].filter(Boolean).join(", ");
  return place || (e.attendanceMode === "online" ? t("event.online") : "");
}

/**
 * One event: its type as a coloured shape named for screen readers (never colour alone), time,
 * title (or busy notice), any status other than confirmed, and in lists its place and organisers.
 */
export function EventChip({ event, timeZone, showTime, range, hideRange, details, extra, before, after }: Props) {
  const time = event.allDay ? t("event.allDay") : formatTime(event.start, timeZone);
  const type = typeLabel(event);
  const classes = ["event-chip", event.type ? `type-${event.type}` : "", `status-${event.status}`, event.busy ? "busy" : "", extra].filter(Boolean).join(" ");
  const meta = details ? [placeOf(event), formatList(event.organisers.filter((o) => !o.awaitingAcceptance).map((o) => o.shortName ?? o.name))] : [];
  const body = (
    <>
      {before && <span aria-hidden="true">◂ </span>}
      {/* A busy-only event's type is not shown: its mark is plain and says nothing to screen readers. */}
      {type ? <span class="type-mark" role="img" aria-label={type} /> : <span class="type-mark" aria-hidden="true" />}
      {showTime && <span class="event-time">{time}</span>} <span class="event-title">{eventLabel(event)}</span>
      {range && <span class={hideRange ? "visually-hidden" : "event-range"}>, {range}</span>}
      {event.status !== "confirmed" && <span class="status-badge">{statusLabel(event)}</span>}
      {event.isSample && <span class="sample-tag">{t("event.sampleShort")}</span>}
      {after && <span aria-hidden="true"> ▸</span>}
      {meta.some(Boolean) && <span class="event-meta">{meta.filter(Boolean).join(" · ")}</span>}
    </>
  );
  if (event.busy) return <span class={classes}>{body}</span>;
  return (
    <a class={classes} href={`/events/${event.slug}`}>
      {body}
    </a>
  );
}
