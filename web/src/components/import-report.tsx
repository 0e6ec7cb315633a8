import type { FieldIssue } from "../lib/api.ts";
import { t, type MessageKeyOf } from "../lib/i18n.ts";
import { ruleText } from "../lib/rules.ts";
import type { Column } from "./DataTable.tsx";

/** A reason as a code with its values (functions/import/report-notes.ts). */
interface ReportNote {
  code: string;
  field?: string;
  rule?: string;
  title?: string;
  organisation?: string;
  zone?: string;
}

const NOTES: Record<string, MessageKeyOf<"import.note.">> = {
  missing_uid: "import.note.missingUid",
  missing_summary: "import.note.missingSummary",
  missing_start: "import.note.missingStart",
  unreadable: "import.note.unreadable",
  time_zone: "import.note.timeZone",
  uid_twice: "import.note.uidTwice",
  twin_own: "import.note.twinOwn",
  twin_other: "import.note.twinOther",
  waits_for_review: "import.note.waitsForReview",
  gone_from_feed: "import.note.goneFromFeed",
};

/** A reason in the reader's language: a known note's words, a field rule by its code, else the English reason. */
function noteText(note: ReportNote | undefined, english: string): string {
  if (!note) return english;
  const key = NOTES[note.code];
  if (key) return t(key, { title: note.title ?? "", organisation: note.organisation ?? "", zone: note.zone ?? "" });
  if (note.field && note.rule && note.code !== "recurrence") return `${note.field}: ${ruleText({ rule: note.rule, code: note.code as FieldIssue["code"] })}`;
  return english;
}

/** One entry of an import's report (a file's or a synced feed's). */
export interface ReportItem {
  uid: string | null;
  title: string | null;
  startsAt: string | null;
  action: string;
  slug?: string;
  reasons?: string[];
  notes?: ReportNote[];
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
              {i.reasons.map((r, n) => (
                <li key={r}>{noteText(i.notes?.[n], r)}</li>
              ))}
            </ul>
          )}
        </>
      ),
    },
  ];
}
