/**
 * "Add to calendar" links for Google Calendar and Outlook on the web. Pure functions, shared by the
 * server-rendered event page and the web app.
 */
import { addDays } from "./dates.ts";

export interface CalendarLinkEvent {
  title: string;
  allDay: boolean;
  /** All-day: first and last date (YYYY-MM-DD). */
  startsAt: string;
  endsAt: string;
  /** UTC instants (ISO 8601). */
  start: string;
  end: string;
  description?: string | null;
  location?: string | null;
  url: string;
}

/** The link input for an event as the API describes it (`EventDetail`), at `url`, held at `location`. */
export function calendarLinkEvent(
  e: Pick<CalendarLinkEvent, "allDay" | "startsAt" | "endsAt" | "start" | "end"> & { title: string | null; summary: string | null },
  location: string | null,
  url: string,
): CalendarLinkEvent {
  return { title: e.title ?? "", allDay: e.allDay, startsAt: e.startsAt, endsAt: e.endsAt, start: e.start, end: e.end, description: e.summary, location, url };
}

const compactDate = (d: string) => d.replace(/-/g, "");
const compactInstant = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");

export function googleCalendarLink(e: CalendarLinkEvent): string {
  const dates = e.allDay ? `${compactDate(e.startsAt)}/${compactDate(addDays(e.endsAt, 1))}` : `${compactInstant(e.start)}/${compactInstant(e.end)}`;
  const params = new URLSearchParams({ action: "TEMPLATE", text: e.title, dates, details: [e.description, e.url].filter(Boolean).join("\n\n") });
  if (e.location) params.set("location", e.location);
  return `https://calendar.google.com/calendar/render?${params}`;
}

export function outlookCalendarLink(e: CalendarLinkEvent): string {
  const params = new URLSearchParams({
    path: "/calendar/action/compose",
    rru: "addevent",
    subject: e.title,
    startdt: e.allDay ? e.startsAt : e.start.replace(/\.\d{3}Z$/, "Z"),
    enddt: e.allDay ? addDays(e.endsAt, 1) : e.end.replace(/\.\d{3}Z$/, "Z"),
    allday: String(e.allDay),
    body: [e.description, e.url].filter(Boolean).join("\n\n"),
  });
  if (e.location) params.set("location", e.location);
  return `https://outlook.office.com/calendar/0/deeplink/compose?${params}`;
}
