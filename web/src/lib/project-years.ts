import { t } from "./i18n.ts";

/** A project's years as a reader says them: "2004" for one year, "2004–2008", "from 2004" while ongoing. */
export function projectYears(p: { startDate: string; endDate: string | null }): string {
  const from = p.startDate.slice(0, 4);
  if (!p.endDate) return t("dir.fromYear", { year: from });
  const to = p.endDate.slice(0, 4);
  return from === to ? from : `${from}–${to}`;
}
