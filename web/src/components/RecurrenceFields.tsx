import { useEffect, useRef, useState } from "preact/hooks";
import { MAX_COUNT, MAX_EXDATES, MAX_INTERVAL } from "../../../functions/lib/recurrence-limits.ts";
import { formatDate, formatWeekday, t } from "../lib/i18n.ts";
import { buildRule, FREQUENCIES, newRule, parseSimpleRule, RULE_ENDS, WEEKDAYS, type Frequency, type SimpleRule } from "../lib/rrule.ts";
import { Field } from "./Field.tsx";

interface Props {
  /** The RRULE value; "" when the event does not repeat. */
  rrule: string;
  exdates: string[];
  allDay: boolean;
  startsAt: string;
  onRrule: (rrule: string) => void;
  onExdates: (exdates: string[]) => void;
  rruleError?: string;
  exdatesError?: string;
}

type Mode = "none" | Frequency | "custom";
/** 2024-01-01 was a Monday: the weekday names in the reader's language, Monday first. */
const weekdayName = (i: number) => formatWeekday(`2024-01-0${i + 1}`, "long");

/**
 * How an event repeats, and which of its occurrences are cancelled (EXDATE). The rule is kept as
 * the text the API stores; the controls rewrite it only when the person changes one of them, so
 * a rule they cannot show (from an import, say) stays exactly as it was.
 */
export function RecurrenceFields({ rrule, exdates, allDay, startsAt, onRrule, onExdates, rruleError, exdatesError }: Props) {
  const [initial] = useState(() => (rrule ? parseSimpleRule(rrule, allDay) : null));
  const [custom] = useState(() => (rrule && !initial ? rrule : null));
  const [rule, setRule] = useState<SimpleRule>(initial ?? newRule("WEEKLY"));
  const [mode, setMode] = useState<Mode>(!rrule ? "none" : (initial?.freq ?? "custom"));
  const [adding, setAdding] = useState("");
  const seenAllDay = useRef(allDay);

  const update = (next: SimpleRule) => {
    setRule(next);
    onRrule(buildRule(next, allDay));
  };
  // UNTIL is a date for all-day events and the end of a day otherwise: follow the switch.
  useEffect(() => {
    if (seenAllDay.current === allDay) return;
    seenAllDay.current = allDay;
    if (mode !== "none" && mode !== "custom") onRrule(buildRule(rule, allDay));
  }, [allDay]);

  const choose = (value: Mode) => {
    setMode(value);
    if (value === "none") onRrule("");
    else if (value === "custom") onRrule(custom ?? "");
    else update({ ...rule, freq: value });
  };
  const toggleDay = (day: (typeof WEEKDAYS)[number]) =>
    update({ ...rule, byDay: rule.byDay.includes(day) ? rule.byDay.filter((d) => d !== day) : [...rule.byDay, day] });
  const time = startsAt.slice(11, 16);
  const addExdate = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(adding)) return;
    const value = allDay ? adding : `${adding}T${time || "00:00"}`;
    if (!exdates.includes(value)) onExdates([...exdates, value].sort());
    setAdding("");
  };
  const repeats = mode !== "none";

  return (
    <>
      <fieldset id="f-rrule" class="group" aria-describedby={rruleError ? "f-rrule-error" : undefined}>
        <legend>{t("form.repeat")}</legend>
        <Field id="f-repeat" label={t("form.repeat.frequency")}>
          {() => (
            <select id="f-repeat" value={mode} onChange={(e) => choose(e.currentTarget.value as Mode)}>
              <option value="none">{t("form.repeat.none")}</option>
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {t(`form.repeat.${f}`)}
                </option>
              ))}
              {custom && <option value="custom">{t("form.repeat.custom")}</option>}
            </select>
          )}
        </Field>
        {mode === "custom" && (
          <Field id="f-rrule-text" label={t("form.repeat.customRule")} hint={t("form.repeat.customHint")}>
            {(describedBy) => (
              <input
                id="f-rrule-text"
                value={rrule}
                maxLength={500}
                spellcheck={false}
                onInput={(e) => onRrule(e.currentTarget.value)}
                aria-describedby={describedBy}
              />
            )}
          </Field>
        )}
        {mode !== "none" && mode !== "custom" && (
          <>
            <Field id="f-interval" label={t(`form.repeat.every.${mode}`)} hint={t("form.repeat.everyHint")}>
              {(describedBy) => (
                <input
                  id="f-interval"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={MAX_INTERVAL}
                  step={1}
                  value={rule.interval}
                  onInput={(e) => update({ ...rule, interval: e.currentTarget.value })}
                  aria-describedby={describedBy}
                />
              )}
            </Field>
            {mode === "WEEKLY" && (
              <fieldset class="checkboxes" aria-describedby="f-weekdays-hint">
                <legend>{t("form.repeat.weekdays")}</legend>
                <p id="f-weekdays-hint" class="hint">
                  {t("form.repeat.weekdaysHint")}
                </p>
                {WEEKDAYS.map((day, i) => (
                  <label key={day}>
                    <input type="checkbox" checked={rule.byDay.includes(day)} onChange={() => toggleDay(day)} /> {weekdayName(i)}
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset class="choices">
              <legend>{t("form.repeat.ends")}</legend>
              {RULE_ENDS.map((end) => (
                <label key={end}>
                  <input type="radio" name="f-rule-end" value={end} checked={rule.end === end} onChange={() => update({ ...rule, end })} />{" "}
                  {t(`form.repeat.end.${end}`)}
                </label>
              ))}
            </fieldset>
            {rule.end === "until" && (
              <Field id="f-until" label={t("form.repeat.until")}>
                {() => <input id="f-until" type="date" value={rule.until} onInput={(e) => update({ ...rule, until: e.currentTarget.value })} />}
              </Field>
            )}
            {rule.end === "count" && (
              <Field id="f-count" label={t("form.repeat.count")}>
                {() => (
                  <input
                    id="f-count"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={MAX_COUNT}
                    step={1}
                    value={rule.count}
                    onInput={(e) => update({ ...rule, count: e.currentTarget.value })}
                  />
                )}
              </Field>
            )}
          </>
        )}
        {rruleError && (
          <p id="f-rrule-error" class="field-error">
            {rruleError}
          </p>
        )}
      </fieldset>
      {(repeats || exdates.length > 0) && (
        <fieldset id="f-exdates" class="group" aria-describedby={exdatesError ? "f-exdates-error" : undefined}>
          <legend>{t("form.exdates")}</legend>
          {exdates.length === 0 ? (
            <p>{t("form.exdates.none")}</p>
          ) : (
            <ul class="plain exdates">
              {exdates.map((x, i) => (
                <li key={x}>
                  <span id={`f-exdate-${i}`}>
                    {formatDate(x.slice(0, 10))}
                    {x.length > 10 && ` ${x.slice(11)}`}
                  </span>{" "}
                  <button type="button" aria-describedby={`f-exdate-${i}`} onClick={() => onExdates(exdates.filter((d) => d !== x))}>
                    {t("form.exdates.remove")}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {exdates.length < MAX_EXDATES && (
            <div class="inline-add">
              <Field id="f-exdate-new" label={t("form.exdates.add")}>
                {() => (
                  <input
                    id="f-exdate-new"
                    type="date"
                    value={adding}
                    onInput={(e) => setAdding(e.currentTarget.value)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        addExdate();
                      }
                    }}
                  />
                )}
              </Field>
              <button type="button" onClick={addExdate}>
                {t("form.exdates.addButton")}
              </button>
            </div>
          )}
          {exdatesError && (
            <p id="f-exdates-error" class="field-error">
              {exdatesError}
            </p>
          )}
        </fieldset>
      )}
    </>
  );
}
