import { useState } from "preact/hooks";
import type { AuditWords } from "../audit-words/en.ts";
import { RequireUser } from "../components/RequireUser.tsx";
import { fetchAudit, type AuditEntry } from "../lib/api.ts";
import { currentLanguage, currentLocale, formatList, t, type Locale, type MessageKeyOf } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";

/** The words for actions and records, a chunk per language fetched with this page only. */
const wordLoaders: Record<Locale, () => Promise<AuditWords>> = {
  en: () => import("../audit-words/en.ts").then((m) => m.en),
  da: () => import("../audit-words/da.ts").then((m) => m.da),
  sv: () => import("../audit-words/sv.ts").then((m) => m.sv),
  nb: () => import("../audit-words/nb.ts").then((m) => m.nb),
  fi: () => import("../audit-words/fi.ts").then((m) => m.fi),
  is: () => import("../audit-words/is.ts").then((m) => m.is),
  et: () => import("../audit-words/et.ts").then((m) => m.et),
  lv: () => import("../audit-words/lv.ts").then((m) => m.lv),
  lt: () => import("../audit-words/lt.ts").then((m) => m.lt),
  ru: () => import("../audit-words/ru.ts").then((m) => m.ru),
  pl: () => import("../audit-words/pl.ts").then((m) => m.pl),
  de: () => import("../audit-words/de.ts").then((m) => m.de),
};

/** `/audit`: every change, newest first, for coordinators. */
export function AuditRoute() {
  return <RequireUser allow={isCoordinator}>{() => <AuditLog />}</RequireUser>;
}

/** What the writers put in place of personal data (functions/audit/audit.ts, people.commands.ts). */
const REDACTED = "[redacted]";
const LONGEST_VALUE = 160;

/** The word for `key`, or `fallback` for one the words do not know (an action added later). */
function known(words: AuditWords, key: string, fallback: string): string {
  return (words as Record<string, string>)[key] ?? fallback;
}

/**
 * A logged value as a reader would write it: a user, event or organisation by its name (`names`),
 * masked personal data said so, long texts cut.
 */
function valueText(value: unknown, names: Record<string, string>): string {
  if (value === null || value === undefined || value === "") return "—";
  if (value === REDACTED) return t("audit.masked");
  if (typeof value === "boolean") return value ? t("audit.yes") : t("audit.no");
  if (typeof value === "string" && Object.hasOwn(names, value)) return names[value] || t("audit.unnamed");
  if (Array.isArray(value)) return value.length ? formatList(value.map((v) => valueText(v, names))) : "—";
  const text = typeof value === "string" ? value : typeof value === "number" ? String(value) : JSON.stringify(value);
  return text.length > LONGEST_VALUE ? `${text.slice(0, LONGEST_VALUE - 1)}…` : text;
}

/** An event's fields the event form has a label for (`form.<field>`): shown by that label; other fields, and other records' fields, by their name. */
const LABELLED_FIELDS = new Set<string>([
  "title",
  "summary",
  "description",
  "type",
  "status",
  "visibility",
  "allDay",
  "startsAt",
  "endsAt",
  "timeZone",
  "venue",
  "city",
  "country",
  "attendanceMode",
  "onlineUrl",
  "registrationUrl",
  "languages",
  "major",
]);

function fieldLabel(entity: string, field: string): string {
  return entity === "event" && LABELLED_FIELDS.has(field) ? t(`form.${field}` as MessageKeyOf<"form.">) : field;
}

/** One line per changed field: "field: before → after" (only "field: value" for a new record). */
function changeLines(e: AuditEntry, names: Record<string, string>): { field: string; text: string }[] {
  const before = e.before ?? {};
  const after = e.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.map((field) => {
    if (!(field in before)) return { field, text: valueText(after[field], names) };
    return { field, text: `${valueText(before[field], names)} → ${field in after ? valueText(after[field], names) : "—"}` };
  });
}

function actorText(e: AuditEntry): string {
  const actor = e.actorName || (e.actorId ? t("audit.unnamed") : t("audit.noActor"));
  // An entry made through an API token names it (its name, or its id once the token is gone).
  return e.tokenId ? `${actor} ${t("audit.viaToken", { token: e.tokenName ?? e.tokenId })}` : actor;
}

/** The record by its current name, linked to its page; for one that is gone, its last known name. */
function Target({ entry: e, words }: { entry: AuditEntry; words: AuditWords }) {
  const kind = known(words, `entity.${e.entity}`, e.entity);
  const { name, path } = e.target;
  if (name) {
    return (
      <>
        {kind}: {path ? <a href={path}>{name}</a> : name}
      </>
    );
  }
  const last = [e.before?.title, e.after?.title, e.before?.name, e.after?.name].find((v) => typeof v === "string" && v !== REDACTED);
  return (
    <>
      {kind}
      {typeof last === "string" && `: ${last}`} <span class="meta">({t("audit.gone")})</span>
    </>
  );
}

function AuditLog() {
  const [before, setBefore] = useState<number | null>(null);
  const [state] = useRequest(String(before), (signal) => fetchAudit(before, signal));
  const language = currentLanguage();
  const [wordState] = useRequest(language, () => wordLoaders[language]());
  const words = wordState.status === "done" ? wordState.data : null;
  const entries: AuditEntry[] = state.status === "done" && words ? state.data.entries : [];
  const names = state.status === "done" ? state.data.names : {};
  const time = new Intl.DateTimeFormat(currentLocale(), { dateStyle: "medium", timeStyle: "short" });
  return (
    <section>
      <h1>{t("audit.title")}</h1>
      {(state.status === "loading" || wordState.status === "loading") && <p role="status">{t("common.loading")}</p>}
      {(state.status === "error" || wordState.status === "error") && <p role="alert">{t("common.error")}</p>}
      {state.status === "done" && words && entries.length === 0 && <p>{t("audit.empty")}</p>}
      {words && entries.length > 0 && (
        <ol class="plain audit-list">
          {entries.map((e) => {
            const lines = changeLines(e, names);
            return (
              <li key={e.id} class="audit-entry">
                <p class="audit-what">
                  <strong>{known(words, `action.${e.action}`, e.action)}</strong>
                </p>
                <p class="audit-record">
                  <Target entry={e} words={words} />
                </p>
                <p class="meta">
                  <time dateTime={e.at}>{time.format(new Date(e.at))}</time> · {t("audit.by", { name: actorText(e) })}
                </p>
                {lines.length > 0 && (
                  <ul class="audit-changes" aria-label={t("audit.changes")}>
                    {lines.map((l) => (
                      <li key={l.field}>
                        <span class="audit-field">{fieldLabel(e.entity, l.field)}</span>: {l.text}
                      </li>
                    ))}
                  </ul>
                )}
                {e.comment && <p class="audit-comment">“{e.comment}”</p>}
              </li>
            );
          })}
        </ol>
      )}
      {entries.length >= 50 && (
        <button type="button" onClick={() => setBefore(entries[entries.length - 1].id)}>
          {t("audit.older")}
        </button>
      )}
    </section>
  );
}
