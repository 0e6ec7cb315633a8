import { useLocation, useRoute } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { ATTENDANCE_MODES as MODES, EVENT_STATUSES as STATUSES, EVENT_TYPES as TYPES, EVENT_VISIBILITIES as VISIBILITIES } from "../../../db/enums.ts";
import { ClashRadar } from "../components/ClashRadar.tsx";
import { CountryPicker } from "../components/CountryPicker.tsx";
import { OrganisationPicker } from "../components/OrganisationPicker.tsx";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { RecurrenceFields } from "../components/RecurrenceFields.tsx";
import { SelectField, type Option } from "../components/SelectField.tsx";
import type { Proposal, RadarResult } from "../lib/radar.ts";
import { RequireUser } from "../components/RequireUser.tsx";
import {
  errorMessage,
  ApiRequestError,
  fetchEvent,
  fetchVocabulary,
  send,
  type EventDetail,
  type FieldIssue,
  type Me,
  type VocabularyResponse,
} from "../lib/api.ts";
import { blank, changedFields, fromEvent, toBody, ZONES, type Body, type FormState } from "../lib/event-form.ts";
import { languageName, LOCALES, t, termLabel } from "../lib/i18n.ts";
import { alignExdates } from "../lib/rrule.ts";
import { isCoordinator } from "../lib/session.tsx";

/** The region's languages, and any other the event already has, by name in the reader's language. */
function languageChoices(chosen: string[]) {
  const tags = [...LOCALES, ...chosen.filter((l) => !(LOCALES as readonly string[]).includes(l))];
  return tags.map((id) => ({ id, label: languageName(id) })).sort((a, b) => a.label.localeCompare(b.label));
}

/** `/events/new` and `/events/:slug/edit`. */
export function EventFormRoute() {
  return <RequireUser allow={(u) => u.organisations.length > 0 || isCoordinator(u)}>{(user) => <EventForm user={user} />}</RequireUser>;
}

function EventForm({ user }: { user: Me }) {
  const { params } = useRoute();
  const { route } = useLocation();
  const slug = params.slug;
  const [vocab, setVocab] = useState<VocabularyResponse | null>(null);
  const [form, setForm] = useState<FormState | null>(slug ? null : blank(user));
  const [etag, setEtag] = useState<string | null>(null);
  // The loaded version as the form would send it: an edit sends what differs from it.
  const [loaded, setLoaded] = useState<Body | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [radar, setRadar] = useState<RadarResult | null>(null);
  const coordinator = isCoordinator(user);

  const load = (slug: string) =>
    fetchEvent(slug).then(({ event, etag }) => {
      const state = fromEvent(event, coordinator);
      setForm(state);
      setLoaded(toBody(state, false, coordinator));
      setEtag(etag);
    });

  useEffect(() => {
    fetchVocabulary().then(setVocab, () => setFailure({ message: t("common.error"), issues: [] }));
    if (slug) load(slug).catch(() => setFailure({ message: t("event.notFound"), issues: [] }));
  }, [slug]);

  if (!form || !vocab) return failure ? <p role="alert">{failure.message}</p> : <p role="status">{t("common.loading")}</p>;
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm(
      key === "startsAt"
        ? { ...form, startsAt: value as string, exdates: alignExdates(form.exdates, form.allDay, value as string) }
        : { ...form, [key]: value },
    );
  const issues = failure?.issues ?? [];
  const owners = coordinator ? vocab.organisations : vocab.organisations.filter((o) => user.organisations.some((m) => m.id === o.id));
  if (!form.ownerOrganisationId && owners[0]) form.ownerOrganisationId = owners[0].id;
  const toggle = (key: "topics" | "audiences" | "languages", id: string) =>
    set(key, form[key].includes(id) ? form[key].filter((x) => x !== id) : [...form[key], id]);

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const body = toBody(form!, !slug, coordinator);
      const result = slug
        ? await send<EventDetail>("PATCH", `/api/events/${slug}`, changedFields(loaded!, body), etag)
        : await send<EventDetail>("POST", "/api/events", body);
      route(`/events/${result.body.slug}`);
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      if (err?.status === 412 && slug) {
        // Someone else saved first: show their version, so nothing of theirs is overwritten unseen.
        await load(slug).catch(() => undefined);
        setFailure({ message: t("manage.conflict"), issues: [] });
      } else {
        setFailure({ message: t("manage.failed", { message: errorMessage(error) }), issues: err?.issues ?? [] });
      }
      setBusy(false);
    }
  }

  const text = (key: keyof FormState, label: string, props: Record<string, unknown> = {}) => (
    <Field id={`f-${key}`} label={label} error={errorFor(issues, key)}>
      {(describedBy, invalid) => (
        <input
          id={`f-${key}`}
          value={form[key] as string}
          onInput={(e) => set(key, e.currentTarget.value as never)}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          {...props}
        />
      )}
    </Field>
  );
  const select = (key: keyof FormState, label: string, options: Option[]) => (
    <SelectField
      id={`f-${key}`}
      label={label}
      value={form[key] as string}
      onChange={(v) => set(key, v as never)}
      error={errorFor(issues, key)}
      options={options}
    />
  );
  const checkboxes = (key: "topics" | "audiences" | "languages", legend: string, items: { id: string; label: string }[]) => (
    <fieldset id={`f-${key}`} class="checkboxes" aria-describedby={errorFor(issues, key) ? `f-${key}-error` : undefined}>
      <legend>{legend}</legend>
      {items.map((item) => (
        <label key={item.id}>
          <input type="checkbox" checked={form[key].includes(item.id)} onChange={() => toggle(key, item.id)} /> {item.label}
        </label>
      ))}
      {errorFor(issues, key) && (
        <p id={`f-${key}-error`} class="field-error">
          {errorFor(issues, key)}
        </p>
      )}
    </fieldset>
  );
  const dateType = form.allDay ? "date" : "datetime-local";
  const datesComplete = form.allDay
    ? /^\d{4}-\d{2}-\d{2}$/.test(form.startsAt) && /^\d{4}-\d{2}-\d{2}$/.test(form.endsAt)
    : /T\d{2}:\d{2}/.test(form.startsAt) && /T\d{2}:\d{2}/.test(form.endsAt);
  const proposal: Proposal | null = datesComplete
    ? {
        allDay: form.allDay,
        startsAt: form.startsAt,
        endsAt: form.endsAt,
        timeZone: form.allDay ? "UTC" : form.timeZone,
        country: form.country || null,
        city: form.city.trim() || null,
        topics: form.topics,
        audiences: form.audiences,
        languages: form.languages,
        organisers: [form.ownerOrganisationId, ...form.coOrganisers].filter(Boolean),
        attendanceMode: form.attendanceMode as Proposal["attendanceMode"],
        // A partner's radar takes the flag from the stored event (only coordinators change it).
        ...(coordinator ? { major: form.major } : {}),
        ...(slug ? { excludeSlug: slug } : {}),
      }
    : null;

  const justification = (radar?.highest === "high" || form.clashJustification) && (
    <Field id="f-clashJustification" label={t("radar.justification")} hint={t("radar.justificationHint")} error={errorFor(issues, "clashJustification")}>
      {(describedBy, invalid) => (
        <input
          id="f-clashJustification"
          value={form.clashJustification}
          maxLength={300}
          onInput={(e) => set("clashJustification", e.currentTarget.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid}
        />
      )}
    </Field>
  );

  // Grouped in fieldsets; the radar comes right after the dates, and on wide screens stays beside
  // the form as it scrolls (styles.css, "Event form").
  return (
    <section class="event-form-page">
      <h1>{slug ? t("form.editTitle") : t("form.newTitle")}</h1>
      {!coordinator && <p>{t("form.intro")}</p>}
      <form onSubmit={save} noValidate class="event-form">
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        <fieldset class="form-group">
          <legend>{t("form.group.about")}</legend>
          {text("title", t("form.title"), { required: true, maxLength: 200 })}
          <div class="field-row">
            {select(
              "ownerOrganisationId",
              t("form.owner"),
              owners.map((o) => ({ value: o.id, label: o.name })),
            )}
            {select(
              "type",
              t("form.type"),
              TYPES.map((v) => ({ value: v, label: t(`event.type.${v}`) })),
            )}
            {select(
              "status",
              t("form.status"),
              STATUSES.map((v) => ({ value: v, label: t(`event.status.${v}`) })),
            )}
          </div>
          {text("summary", t("form.summary"), { maxLength: 500 })}
          <Field id="f-description" label={t("form.description")} error={errorFor(issues, "description")}>
            {(describedBy, invalid) => (
              <textarea
                id="f-description"
                rows={4}
                value={form.description}
                onInput={(e) => set("description", e.currentTarget.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
        </fieldset>
        <div class="form-columns">
          <fieldset class="form-group">
            <legend>{t("form.group.when")}</legend>
            <div class="field">
              <label>
                <input
                  type="checkbox"
                  checked={form.allDay}
                  onChange={(e) =>
                    setForm({
                      ...form,
                      allDay: e.currentTarget.checked,
                      startsAt: "",
                      endsAt: "",
                      exdates: alignExdates(form.exdates, e.currentTarget.checked, ""),
                    })
                  }
                />{" "}
                {t("form.allDay")}
              </label>
            </div>
            <div class="field-row">
              {text("startsAt", form.allDay ? t("form.startDate") : t("form.startsAt"), { type: dateType, required: true })}
              {text("endsAt", form.allDay ? t("form.endDate") : t("form.endsAt"), { type: dateType, required: true })}
              {!form.allDay &&
                select(
                  "timeZone",
                  t("form.timeZone"),
                  (ZONES.includes(form.timeZone) ? ZONES : [...ZONES, form.timeZone]).map((z) => ({ value: z, label: z })),
                )}
            </div>
            <RecurrenceFields
              key={etag ?? "new"}
              rrule={form.rrule}
              exdates={form.exdates}
              allDay={form.allDay}
              startsAt={form.startsAt}
              onRrule={(rrule) => setForm((f) => f && { ...f, rrule })}
              onExdates={(exdates) => setForm((f) => f && { ...f, exdates })}
              rruleError={errorFor(issues, "rrule")}
              exdatesError={errorFor(issues, "exdates")}
            />
          </fieldset>
          <div class="radar-aside">
            <ClashRadar proposal={proposal} vocab={vocab} onResult={setRadar} />
            {justification}
          </div>
          <fieldset class="form-group">
            <legend>{t("form.group.where")}</legend>
            <div class="field-row">
              {select(
                "attendanceMode",
                t("form.attendanceMode"),
                MODES.map((v) => ({ value: v, label: t(`form.attendance.${v}`) })),
              )}
              {text("venue", t("form.venue"), { maxLength: 200 })}
            </div>
            <div class="field-row">
              {text("city", t("form.city"), { maxLength: 100 })}
              <CountryPicker id="f-country" value={form.country} onChange={(v) => set("country", v)} error={errorFor(issues, "country")} />
            </div>
            {form.attendanceMode !== "in_person" && text("onlineUrl", t("form.onlineUrl"), { type: "url", inputMode: "url" })}
          </fieldset>
          <fieldset class="form-group">
            <legend>{t("form.group.who")}</legend>
            <OrganisationPicker
              id="f-organisers"
              legend={t("form.coOrganisers")}
              organisations={vocab.organisations.filter((o) => o.id !== form.ownerOrganisationId)}
              chosen={form.coOrganisers.filter((o) => o !== form.ownerOrganisationId)}
              onChange={(ids) => set("coOrganisers", ids)}
              error={errorFor(issues, "organisers")}
            />
            {checkboxes(
              "topics",
              t("form.topics"),
              vocab.topics.map((v) => ({ id: v.id, label: termLabel("topic", v.id) })),
            )}
            {checkboxes(
              "audiences",
              t("form.audiences"),
              vocab.audiences.map((v) => ({ id: v.id, label: termLabel("audience", v.id) })),
            )}
            {checkboxes("languages", t("form.languages"), languageChoices(form.languages))}
          </fieldset>
          <fieldset class="form-group">
            <legend>{t("form.group.publishing")}</legend>
            {select(
              "visibility",
              t("form.visibility"),
              VISIBILITIES.map((v) => ({ value: v, label: t(`form.visibility.${v}`) })),
            )}
            {text("registrationUrl", t("form.registrationUrl"), { type: "url", inputMode: "url" })}
            {coordinator && (
              <div class={`field${errorFor(issues, "major") ? " has-error" : ""}`}>
                <label for="f-major">
                  <input
                    type="checkbox"
                    id="f-major"
                    checked={form.major}
                    aria-describedby="f-major-hint"
                    onChange={(e) => set("major", e.currentTarget.checked)}
                  />{" "}
                  {t("form.major")}
                </label>
                <p id="f-major-hint" class="hint">
                  {t("form.majorHint")}
                </p>
              </div>
            )}
            {coordinator && !slug && (
              <div class="field">
                <label>
                  <input type="checkbox" checked={form.publish} onChange={(e) => set("publish", e.currentTarget.checked)} /> {t("form.publish")}
                </label>
              </div>
            )}
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="primary" disabled={busy}>
              {busy ? t("form.saving") : t("form.save")}
            </button>
            <a href={slug ? `/events/${slug}` : "/my/events"}>{t("form.cancel")}</a>
          </div>
        </div>
      </form>
    </section>
  );
}
