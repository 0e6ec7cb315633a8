import { t } from "../lib/i18n.ts";
import type { Column } from "./DataTable.tsx";

/** One entry of an import's report (a file's or a synced feed's). */
export interface ReportItem {
  uid: string | null;
  title: string | null;
  startsAt: string | null;
  action: string;
  slug?: string;
  reasons?: string[];
}

/**
 * The columns of an import report, shared by the .ics import and feed sync: the event (linked to
 * its page when `linked` says it exists), its start, and what happened with the reasons.
 */
export function reportColumns<I extends ReportItem>(linked: (item: I) => boolean, rowHeader = false): Column<I>[] {
  return [
    {
      header: t("import.col.event"),
      cell: (i) => (linked(i) && i.slug ? <a href={`/events/${i.slug}`}>{i.title ?? i.uid}</a> : (i.title ?? i.uid ?? "—")),
      rowHeader,
    },
    { header: t("import.col.start"), cell: (i) => i.startsAt?.replace("T", " ") ?? "" },
    {
      header: t("import.col.result"),
      cell: (i) => (
        <>
          {t(`import.action.${i.action as "create"}`)}
          {i.reasons && (
            <ul>
              {i.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </>
      ),
    },
  ];
}
