import { useEffect, useState } from "preact/hooks";
import { ApiRequestError, type VocabularyResponse } from "../lib/api.ts";
import { countryName, formatDate, formatList, plural, t } from "../lib/i18n.ts";
import { checkClashes, reasonWords, type Proposal, type RadarResult } from "../lib/radar.ts";
import { fieldLabel, ruleText } from "../lib/rules.ts";

/** Why the radar has no answer: the API's refusal of the dates in the reader's words, else a failure. */
function whyNot(error: unknown): string {
  const issues = error instanceof ApiRequestError ? error.issues : [];
  if (!issues.length) return t("radar.failed");
  return t("radar.cannot", { reason: issues.map((i) => `${fieldLabel(i.field)}: ${ruleText(i)}`).join("; ") });
}

/**
 * Live clash radar for the event form: checks the dates as they are chosen, before saving. It is
 * always there, and says why when it cannot answer (a date missing, the end before the start, an
 * event too long), rather than going blank.
 */
export function ClashRadar({
  proposal,
  vocab,
  onResult,
}: {
  proposal: Proposal | null;
  vocab: VocabularyResponse | null;
  onResult: (r: RadarResult | null) => void;
}) {
  const [result, setResult] = useState<RadarResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const key = proposal ? JSON.stringify(proposal) : "";
  useEffect(() => {
    if (!proposal) {
      setResult(null);
      setProblem(null);
      onResult(null);
      return;
    }
    let cancelled = false;
    setChecking(true);
    // Wait for a pause in typing before asking.
    const timer = setTimeout(() => {
      checkClashes(proposal).then(
        (r) => {
          if (cancelled) return;
          setResult(r);
          setProblem(null);
          setChecking(false);
          onResult(r);
        },
        (error) => {
          if (cancelled) return;
          // A verdict on other dates would mislead: drop it and say why there is none.
          setResult(null);
          setProblem(whyNot(error));
          setChecking(false);
          onResult(null);
        },
      );
    }, 400);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key]);

  return (
    <section class={`radar radar-${result?.highest ?? "none"}`} aria-labelledby="radar-heading">
      <h2 id="radar-heading">{t("radar.title")}</h2>
      <p class="hint">{t("radar.intro")}</p>
      <div role="status" aria-live="polite">
        {!proposal
          ? t("radar.needDates")
          : checking && !result
            ? t("radar.checking")
            : problem && !checking
              ? problem
              : result &&
                (result.clashes.length
                  ? plural("radar.summary", result.total, { severity: t(`radar.severity.${result.highest ?? "low"}`) })
                  : result.periods.length
                    ? t("radar.inPeriod", { severity: t(`radar.severity.${result.highest ?? "medium"}`) })
                    : t("radar.none"))}
      </div>
      {proposal && result && result.periods.length > 0 && (
        <ul class="plain radar-list">
          {result.periods.map((p) => (
            <li key={p.id} class={`clash clash-${p.severity}`}>
              <span class="clash-severity">{t("radar.score", { severity: t(`radar.severity.${p.severity}`) })}</span>{" "}
              {formatList(p.reasons.map((r) => reasonWords(r, vocab)))}
            </li>
          ))}
        </ul>
      )}
      {proposal && result && result.clashes.length > 0 && (
        <ul class="plain radar-list">
          {result.clashes.slice(0, 8).map((c) => (
            <li key={`${c.slug}@${c.start}`} class={`clash clash-${c.severity}`}>
              <span class="clash-severity">{t("radar.score", { severity: t(`radar.severity.${c.severity}`) })}</span>{" "}
              {c.busy ? t("event.busy", { organisation: c.organiser ?? "" }) : <a href={`/events/${c.slug}`}>{c.title}</a>}
              <span class="meta"> · {c.allDay ? formatDate(c.startsAt) : formatDate(c.startsAt.slice(0, 10))}</span>
              <div class="meta">{formatList(c.reasons.map((r) => reasonWords(r, vocab)))}</div>
            </li>
          ))}
        </ul>
      )}
      {result && result.holidays.length > 0 && (
        <p>
          {t("radar.holidays", {
            list: formatList(result.holidays.map((h) => t("radar.holiday", { date: formatDate(h.date), name: h.name, country: countryName(h.country) }))),
          })}
        </p>
      )}
      {result && result.weekends.length > 0 && <p>{t("radar.weekends", { list: formatList(result.weekends.map(formatDate)) })}</p>}
    </section>
  );
}
