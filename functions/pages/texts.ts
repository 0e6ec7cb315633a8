/** Texts of the server-rendered pages; English is the reference catalogue (issue 8 adds languages). */
export const pageTexts = {
  "site.name": "Northern Dimension anti-trafficking calendar",
  "event.when": "When",
  "event.where": "Where",
  "event.online": "Online",
  "event.hybrid": "On site and online",
  "event.organisers": "Organisers",
  "event.lead": "lead organiser",
  "event.contacts": "Contact persons",
  "event.documents": "Documents",
  "event.projects": "Projects",
  "event.register": "Registration",
  "event.joinOnline": "Join online",
  "event.addToCalendar": "Add to your calendar",
  "event.ics": "Download .ics (Outlook, Apple, Thunderbird)",
  "event.google": "Google Calendar",
  "event.outlook": "Outlook on the web",
  "event.sample": "Sample event (demo data)",
  "event.back": "Back to the calendar",
  "event.timeZoneNote": "Times are local to the event ({zone}).",
  "event.busy": "Busy — {organisation}",
  "notFound.title": "Event not found",
  "notFound.text": "This event does not exist or is not published.",
  "status.tentative": "Tentative",
  "status.confirmed": "Confirmed",
  "status.postponed": "Postponed",
  "status.cancelled": "Cancelled",
} as const;

export function pageText(key: keyof typeof pageTexts, params: Record<string, string> = {}): string {
  return pageTexts[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
}
