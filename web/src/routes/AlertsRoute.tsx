import { useState } from "preact/hooks";
import { RequireUser } from "../components/RequireUser.tsx";
import { errorMessage, fetchVocabulary, getApi, send, type Me, type VocabularyResponse } from "../lib/api.ts";
import { formatDate, formatDateTime, formatList, t } from "../lib/i18n.ts";
import { reasonWords } from "../lib/radar.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";
import type { AlertEventView, AlertsPage, AlertView } from "../../../functions/alerts/alerts.routes.ts";

const PAGE = 25;
const mayHaveAlerts = (user: Me) => isCoordinator(user) || user.organisations.length > 0;

/** `/alerts`: the clash alerts the calendar sent, each with whether the told organisation has seen it. */
export function AlertsRoute() {
  return <RequireUser allow={mayHaveAlerts}>{() => <AlertList />}</RequireUser>;
}

/** `/alerts/:id`: one clash alert, reached from its mail, to mark it as seen. */
export function AlertRoute({ id }: { id: string }) {
  return <RequireUser allow={mayHaveAlerts}>{() => <OneAlert id={id} />}</RequireUser>;
}

function eventName(e: AlertEventView) {
  if (e.busy || e.title === null) return t("alerts.busy", { organisation: e.organisation ?? "" });
  return <a href={`/events/${e.slug}`}>{e.title}</a>;
}

function AlertItem({ alert, vocab, onChange }: { alert: AlertView; vocab: VocabularyResponse | null; onChange: (a: AlertView) => void }) {
  const [error, setError] = useState<string | null>(null);
  async function acknowledge() {
    setError(null);
    try {
      onChange((await send<AlertView>("POST", `/api/alerts/${alert.id}/acknowledge`, {})).body);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }
  return (
    <>
      <p>
        {eventName(alert.event)} ({formatDate(alert.event.startsAt.slice(0, 10))}) {t("alerts.with")}{" "}
        {alert.other ? (
          <>
            {eventName(alert.other)} ({formatDate(alert.other.startsAt.slice(0, 10))})
          </>
        ) : (
          "—"
        )}
      </p>
      <div class="meta">
        {t("alerts.told", { organisation: alert.organisation?.name ?? "—" })} · {formatDateTime(alert.createdAt)}
      </div>
      {alert.reasons.length > 0 && <div class="meta">{formatList(alert.reasons.map((r) => reasonWords(r, vocab)))}</div>}
      {alert.justification && <div class="meta">{t("alerts.justification", { text: alert.justification })}</div>}
      <p>
        {alert.acknowledgedAt ? (
          <strong>
            {alert.acknowledgedBy
              ? t("alerts.acknowledgedBy", { date: formatDateTime(alert.acknowledgedAt), name: alert.acknowledgedBy })
              : t("alerts.acknowledged", { date: formatDateTime(alert.acknowledgedAt) })}
          </strong>
        ) : (
          <>
            <strong>{t("alerts.open")}</strong>{" "}
            <button type="button" onClick={acknowledge}>
              {t("alerts.acknowledge")}
            </button>
          </>
        )}
      </p>
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
    </>
  );
}

function AlertList() {
  const [page, setPage] = useState(1);
  const [changed, setChanged] = useState<Record<string, AlertView>>({});
  const [state] = useRequest(String(page), async (signal) => {
    const [list, vocab] = await Promise.all([getApi<AlertsPage>(`/api/alerts?page=${page}&limit=${PAGE}`, signal), fetchVocabulary(signal)]);
    return { list, vocab };
  });
  if (state.status === "loading") return <p role="status">{t("common.loading")}</p>;
  if (state.status === "error") return <p role="alert">{errorMessage(state.error)}</p>;
  const { list, vocab } = state.data;
  return (
    <section>
      <h1>{t("alerts.title")}</h1>
      <p>{t("alerts.intro")}</p>
      {list.items.length === 0 ? (
        <p>{t("alerts.none")}</p>
      ) : (
        <ul class="plain event-list">
          {list.items.map((a) => (
            <li key={a.id} class="clash clash-high">
              <AlertItem alert={changed[a.id] ?? a} vocab={vocab} onChange={(v) => setChanged({ ...changed, [v.id]: v })} />
            </li>
          ))}
        </ul>
      )}
      <p>
        {page > 1 && (
          <button type="button" onClick={() => setPage(page - 1)}>
            {t("alerts.newer")}
          </button>
        )}{" "}
        {page * PAGE < list.total && (
          <button type="button" onClick={() => setPage(page + 1)}>
            {t("alerts.older")}
          </button>
        )}
      </p>
    </section>
  );
}

function OneAlert({ id }: { id: string }) {
  const [changed, setChanged] = useState<AlertView | null>(null);
  const [state] = useRequest(id, async (signal) => {
    const [alert, vocab] = await Promise.all([getApi<AlertView>(`/api/alerts/${encodeURIComponent(id)}`, signal), fetchVocabulary(signal)]);
    return { alert, vocab };
  });
  if (state.status === "loading") return <p role="status">{t("common.loading")}</p>;
  if (state.status === "error") return <p role="alert">{errorMessage(state.error)}</p>;
  return (
    <section class="narrow">
      <h1>{t("alerts.oneTitle")}</h1>
      <div class="clash clash-high">
        <AlertItem alert={changed ?? state.data.alert} vocab={state.data.vocab} onChange={setChanged} />
      </div>
      <p>
        <a href="/alerts">{t("alerts.back")}</a>
      </p>
    </section>
  );
}
