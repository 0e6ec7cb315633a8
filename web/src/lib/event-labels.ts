import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { t } from "./i18n.ts";

/** What a list shows for an event: its title, or "Busy — organisation" for busy-only events. */
export function eventLabel(e: EventSummary): string {
  if (!e.busy) return e.title ?? "";
  const lead = e.organisers[0];
  return lead ? t("event.busy", { organisation: lead.shortName ?? lead.name }) : t("event.busyUnknown");
}

export function statusLabel(e: Pick<EventSummary, "status">): string {
  return t(`event.status.${e.status}`);
}

/** The event's type, or null for a busy-only event whose type the viewer may not see. */
export function typeLabel(e: Pick<EventSummary, "type">): string | null {
  return e.type ? t(`event.type.${e.type}`) : null;
}
