/** Texts inside calendar feeds; English is the reference catalogue (languages arrive with issue 8). */
export const feedTexts = {
  "calendar.name": "Northern Dimension anti-trafficking calendar",
  "calendar.organisationName": "{organisation} — Northern Dimension anti-trafficking calendar",
  "calendar.description": "Conferences, meetings and activities against human trafficking in the Nordic and Baltic countries, North-West Russia, Poland and Germany.",
  "atom.title": "Newly published — Northern Dimension anti-trafficking calendar",
  "event.busy": "Busy — {organisation}",
  "event.postponed": "Postponed: {title}",
  "event.details": "Details",
} as const;

export function feedText(key: keyof typeof feedTexts, params: Record<string, string> = {}): string {
  return feedTexts[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
}
