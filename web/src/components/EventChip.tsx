import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { eventLabel, statusLabel } from "../lib/event-labels.ts";
import { formatTime, t } from "../lib/i18n.ts";

/** One event inside a day: time, title (or busy notice) and any status other than confirmed. */
export function EventChip({ event, timeZone, showTime }: { event: EventSummary; timeZone: string; showTime: boolean }) {
  const time = event.allDay ? t("event.allDay") : formatTime(event.start, timeZone);
  const classes = ["event-chip", `status-${event.status}`, event.busy ? "busy" : ""].filter(Boolean).join(" ");
  const body = (
    <>
      {showTime && <span class="event-time">{time}</span>} <span class="event-title">{eventLabel(event)}</span>
      {event.status !== "confirmed" && <span class="status-badge">{statusLabel(event)}</span>}
      {event.isSample && <span class="sample-tag">{t("event.sampleShort")}</span>}
    </>
  );
  if (event.busy) return <span class={classes}>{body}</span>;
  return (
    <a class={classes} href={`/events/${event.slug}`}>
      {body}
    </a>
  );
}
