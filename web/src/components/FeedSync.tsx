import { useEffect, useState } from "preact/hooks";
import type { FeedSourceView } from "../../../functions/feed-sync/feed-sources.routes.ts";
import { ApiRequestError, errorMessage, send, type FieldIssue, type Me } from "../lib/api.ts";
import { currentLanguage, formatDateTime, t as common, type Locale } from "../lib/i18n.ts";
import type { FeedWords } from "../feed-words/en.ts";
import { isCoordinator, useManagedOrganisations } from "../lib/session.tsx";
import { DataTable } from "./DataTable.tsx";
import { reportColumns, type ReportItem } from "./import-report.tsx";
import { ErrorSummary, Field, errorFor } from "./Field.tsx";
import { SelectField } from "./SelectField.tsx";

type Report = {
  counts: Record<string, number>;
  items: ReportItem[];
};

/** The section's words, a chunk per language fetched with it only (the first load has no room for them). */
const wordLoaders: Record<Locale, () => Promise<FeedWords>> = {
  en: () => import("../feed-words/en.ts").then((m) => m.en),
  da: () => import("../feed-words/da.ts").then((m) => m.da),
  sv: () => import("../feed-words/sv.ts").then((m) => m.sv),
  nb: () => import("../feed-words/nb.ts").then((m) => m.nb),
  fi: () => import("../feed-words/fi.ts").then((m) => m.fi),
  is: () => import("../feed-words/is.ts").then((m) => m.is),
  et: () => import("../feed-words/et.ts").then((m) => m.et),
  lv: () => import("../feed-words/lv.ts").then((m) => m.lv),
  lt: () => import("../feed-words/lt.ts").then((m) => m.lt),
  ru: () => import("../feed-words/ru.ts").then((m) => m.ru),
  pl: () => import("../feed-words/pl.ts").then((m) => m.pl),
  de: () => import("../feed-words/de.ts").then((m) => m.de),
};
type Word = keyof FeedWords;
type Say = (key: Word, params?: Record<string, string | number>) => string;

function sayer(words: FeedWords): Say {
  return (key, params = {}) => words[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: "application/json" } });
  if (!res.ok) throw new ApiRequestError(res.status, "http_error", res.statusText);
  return (await res.json()) as T;
}

/**
 * "Keep in sync with your calendar feed" on the import page: register an organisation's .ics
 * feed, see each source's last fetch, result, error and per-entry report, fetch now, remove; for
 * coordinators, whether the organisation is trusted (its feed publishes without review).
 */
export function FeedSync({ user }: { user: Me }) {
  const [words, setWords] = useState<FeedWords | null>(null);
  const language = currentLanguage();
  useEffect(() => {
    wordLoaders[language]().then(setWords, () => undefined);
  }, [language]);
  return words ? <FeedSyncSection user={user} say={sayer(words)} /> : null;
}

function FeedSyncSection({ user, say: t }: { user: Me; say: Say }) {
  const coordinator = isCoordinator(user);
  const owners = useManagedOrganisations(user);
  const [organisationId, setOrganisationId] = useState(owners[0]?.id ?? "");
  const [url, setUrl] = useState("");
  const [sources, setSources] = useState<FeedSourceView[] | null>(null);
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [trusted, setTrusted] = useState<boolean | null>(null);
  if (!organisationId && owners[0]) setOrganisationId(owners[0].id);
  const owner = owners.find((o) => o.id === organisationId);

  const load = () =>
    getJson<{ sources: FeedSourceView[] }>(
      coordinator && organisationId ? `/api/feed-sources?organisationId=${encodeURIComponent(organisationId)}` : "/api/feed-sources",
    ).then(
      (r) => setSources(r.sources),
      () => setSources([]),
    );
  useEffect(() => {
    void load();
    if (coordinator && owner)
      getJson<{ trusted?: boolean }>(`/api/organisations/${encodeURIComponent(owner.slug)}`).then(
        (o) => setTrusted(!!o.trusted),
        () => setTrusted(null),
      );
  }, [organisationId, coordinator]);
  useEffect(() => {
    // The owners' mail links to a source (#source-…): bring it into view once the list is there.
    if (sources && location.hash.startsWith("#source-")) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [sources !== null]);

  async function act(key: string, work: () => Promise<string>) {
    setBusy(key);
    setFailure(null);
    setNotice("");
    try {
      const done = await work();
      await load();
      setNotice(done);
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      setFailure({ message: errorMessage(error), issues: err?.issues ?? [] });
    }
    setBusy(null);
  }
  const issues = failure?.issues ?? [];

  return (
    <section class="narrow feed-sync" aria-labelledby="feed-sync-heading" id="feed-sources">
      <h2 id="feed-sync-heading">{t("feeds.title")}</h2>
      <p class="hint">{t("feeds.intro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act("add", async () => {
            await send("POST", "/api/feed-sources", { organisationId, url });
            setUrl("");
            return t("feeds.added");
          });
        }}
        noValidate
      >
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        <SelectField
          id="feed-organisationId"
          label={t("feeds.organisation")}
          value={organisationId}
          onChange={setOrganisationId}
          error={errorFor(issues, "organisationId")}
          options={owners.map((o) => ({ value: o.id, label: o.name }))}
        />
        <Field id="feed-url" label={t("feeds.url")} error={errorFor(issues, "url")} hint={t("feeds.urlHint")}>
          {(d, invalid) => (
            <input
              id="feed-url"
              type="url"
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
              aria-describedby={d}
              aria-invalid={invalid}
              maxLength={2000}
            />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" class="primary" disabled={busy !== null || !url}>
            {t("feeds.add")}
          </button>
        </div>
      </form>
      {coordinator && owner && trusted !== null && (
        <div class="field feed-trust">
          <label>
            <input
              type="checkbox"
              checked={trusted}
              disabled={busy !== null}
              onChange={(e) => {
                const next = e.currentTarget.checked;
                void act("trust", async () => {
                  await send("PATCH", `/api/organisations/${encodeURIComponent(owner.slug)}`, { trusted: next });
                  setTrusted(next);
                  return t(next ? "feeds.trustedOn" : "feeds.trustedOff", { organisation: owner.name });
                });
              }}
            />{" "}
            {t("feeds.trusted", { organisation: owner.name })}
          </label>
        </div>
      )}
      <p role="status" class="feed-notice">
        {notice}
      </p>
      <h3>{t("feeds.listTitle")}</h3>
      {sources === null ? (
        <p>{common("common.loading")}</p>
      ) : sources.length === 0 ? (
        <p>{t("feeds.none")}</p>
      ) : (
        <ul class="feed-sources">
          {sources.map((s) => (
            <FeedSourceItem key={s.id} source={s} busy={busy} act={act} say={t} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FeedSourceItem({
  source: s,
  busy,
  act,
  say: t,
}: {
  source: FeedSourceView;
  busy: string | null;
  act: (key: string, work: () => Promise<string>) => Promise<void>;
  say: Say;
}) {
  const report = s.report as Report | null;
  const c = report?.counts ?? {};
  const titleId = `source-${s.id}-title`;
  return (
    <li class="feed-source" id={`source-${s.id}`}>
      <h4 id={titleId}>
        <span class="feed-url">{s.url}</span> <span class="hint">({s.organisationName})</span>
      </h4>
      <dl class="feed-facts">
        <dt>{t("feeds.lastFetch")}</dt>
        <dd>{s.lastFetchedAt ? formatDateTime(s.lastFetchedAt) : t("feeds.never")}</dd>
        {s.lastResult && (
          <>
            <dt>{t("feeds.result")}</dt>
            <dd class={s.lastResult === "failed" ? "feed-failed" : undefined}>{t(`feeds.result.${s.lastResult}`)}</dd>
          </>
        )}
        {s.lastError && (
          <>
            <dt>{t("feeds.error")}</dt>
            <dd>{s.lastError}</dd>
          </>
        )}
        {s.consecutiveFailures > 0 && (
          <>
            <dt>{t("feeds.failures")}</dt>
            <dd>{s.consecutiveFailures}</dd>
          </>
        )}
        {s.lastFetchedAt && (
          <>
            <dt>{t("feeds.nextFetch")}</dt>
            <dd>{formatDateTime(s.nextFetchAt)}</dd>
          </>
        )}
      </dl>
      {report && (
        <>
          <p>
            {t("feeds.summary", {
              create: c.create ?? 0,
              update: c.update ?? 0,
              cancel: c.cancel ?? 0,
              unchanged: c.unchanged ?? 0,
              duplicate: c.duplicate ?? 0,
              refuse: c.refuse ?? 0,
            })}
          </p>
          {report.items.some((i) => i.action !== "unchanged") && (
            <DataTable
              caption={t("feeds.report")}
              rows={report.items.filter((i) => i.action !== "unchanged")}
              rowKey={(i, n) => `${i.uid}-${n}`}
              columns={reportColumns(() => true, true)}
            />
          )}
        </>
      )}
      <div class="form-actions">
        <button
          type="button"
          aria-describedby={titleId}
          disabled={busy !== null}
          onClick={() =>
            act(`fetch-${s.id}`, async () => {
              await send("POST", `/api/feed-sources/${s.id}/fetch`, {});
              return t("feeds.fetched");
            })
          }
        >
          {busy === `fetch-${s.id}` ? t("feeds.fetching") : t("feeds.fetchNow")}
        </button>
        <button
          type="button"
          aria-describedby={titleId}
          disabled={busy !== null}
          onClick={() =>
            act(`remove-${s.id}`, async () => {
              await send("DELETE", `/api/feed-sources/${s.id}`);
              return t("feeds.removed");
            })
          }
        >
          {t("feeds.remove")}
        </button>
      </div>
    </li>
  );
}
