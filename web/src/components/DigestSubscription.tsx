import { useEffect, useState } from "preact/hooks";
import { errorMessage, getApi, send } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";

export interface SubscriptionView {
  email: string;
  active: boolean;
  countries: string[];
  topics: string[];
  audiences: string[];
  organisations: string[];
  language: string;
  timeZone: string;
  weeksAhead: number;
  emptyNote: boolean;
}

/** A signed-in user's weekly digest: on or off, how far ahead, a note on empty weeks. */
/** `page`: the component is the whole page (`/subscribe`), whose route gives the h1 with id "digest-heading". */
export function DigestSubscription({ page = false }: { page?: boolean }) {
  const [current, setCurrent] = useState<SubscriptionView | null | undefined>(undefined);
  const [active, setActive] = useState(false);
  const [weeksAhead, setWeeksAhead] = useState(4);
  const [emptyNote, setEmptyNote] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [preferencesUrl, setPreferencesUrl] = useState<string | null>(null);
  useEffect(() => {
    getApi<{ subscription: SubscriptionView | null; preferencesUrl: string | null }>("/api/me/subscription")
      .then(({ subscription, preferencesUrl }) => {
        setPreferencesUrl(preferencesUrl);
        setCurrent(subscription);
        setActive(subscription?.active ?? false);
        setWeeksAhead(subscription?.weeksAhead ?? 4);
        setEmptyNote(subscription?.emptyNote ?? false);
      })
      .catch(() => setNotice(t("common.error")));
  }, []);
  async function save(e: Event) {
    e.preventDefault();
    // An existing subscription changes only what this form shows (PATCH), so choices made on the
    // digest's preferences page meanwhile stay; a first one is made whole (PUT).
    const shown = { active, weeksAhead, emptyNote };
    const first = { ...shown, countries: [], topics: [], audiences: [], organisations: [], timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
    try {
      const { body } = await send<{ subscription: SubscriptionView; preferencesUrl: string }>(
        current ? "PATCH" : "PUT",
        "/api/me/subscription",
        current ? shown : first,
      );
      setCurrent(body.subscription);
      setPreferencesUrl(body.preferencesUrl);
      setNotice(t("digest.saved"));
    } catch (error) {
      setNotice(errorMessage(error));
    }
  }
  if (current === undefined) return <p role="status">{t("common.loading")}</p>;
  return (
    <section aria-labelledby="digest-heading">
      {!page && <h2 id="digest-heading">{t("digest.title")}</h2>}
      <p>{t("digest.intro")}</p>
      <form onSubmit={save}>
        <div class="field">
          <label>
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} /> {t("digest.active")}
          </label>
        </div>
        <div class="field">
          <label for="digest-weeks">{t("digest.weeksAhead")}</label>
          <input id="digest-weeks" type="number" min={1} max={12} value={weeksAhead} onInput={(e) => setWeeksAhead(Number(e.currentTarget.value))} />
        </div>
        <div class="field">
          <label>
            <input type="checkbox" checked={emptyNote} onChange={(e) => setEmptyNote(e.currentTarget.checked)} /> {t("digest.emptyNote")}
          </label>
        </div>
        <p class="form-actions">
          <button type="submit">{t("digest.save")}</button>
        </p>
      </form>
      {preferencesUrl && (
        <p>
          <a href={preferencesUrl}>{t("digest.moreChoices")}</a>
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
    </section>
  );
}
