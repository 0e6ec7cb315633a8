/**
 * "Add to calendar" links for Google Calendar and Outlook on the web. Pure functions, shared by the
 * server-rendered event page and the web app.
 */
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

const compactDate = (d: string) => d.replace(/-/g, "");
const compactInstant = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function googleCalendarLink(e: CalendarLinkEvent): string {
  const dates = e.allDay ? `${compactDate(e.startsAt)}/${compactDate(dayAfter(e.endsAt))}` : `${compactInstant(e.start)}/${compactInstant(e.end)}`;
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
    enddt: e.allDay ? dayAfter(e.endsAt) : e.end.replace(/\.\d{3}Z$/, "Z"),
    allday: String(e.allDay),
    body: [e.description, e.url].filter(Boolean).join("\n\n"),
  });
  if (e.location) params.set("location", e.location);
  return `https://outlook.office.com/calendar/0/deeplink/compose?${params}`;
}
