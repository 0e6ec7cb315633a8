import { useState } from "preact/hooks";
import { RequireUser } from "../components/RequireUser.tsx";
import { errorMessage, fetchVocabulary, getApi, send, type VocabularyResponse } from "../lib/api.ts";
import { formatDate, formatList, t } from "../lib/i18n.ts";
import { reasonWords } from "../lib/radar.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";
import type { dashboard } from "../../../functions/coordination/dashboard.ts";

type Dashboard = Awaited<ReturnType<typeof dashboard>>;

/** `/dashboard`: what needs a coordinator's attention. */
export function DashboardRoute() {
  return <RequireUser allow={isCoordinator}>{() => <Board />}</RequireUser>;
}

function Board() {
  const [reload, setReload] = useState(0);
  const [state] = useRequest(String(reload), async (signal) => {
    const [board, vocab] = await Promise.all([getApi<Dashboard>("/api/dashboard", signal), fetchVocabulary(signal)]);
    return { board, vocab };
  });
  if (state.status === "loading") return <p role="status">{t("common.loading")}</p>;
  if (state.status === "error") return <p role="alert">{errorMessage(state.error)}</p>;
  const { board, vocab }: { board: Dashboard; vocab: VocabularyResponse } = state.data;
  async function acknowledge(a: string, b: string) {
    await send("POST", "/api/dashboard/acknowledge", { a, b });
    setReload((n) => n + 1);
  }
  return (
    <section>
      <h1>{t("dashboard.title")}</h1>
      <h2>{t("dashboard.clashes")}</h2>
      {board.clashes.length === 0 ? (
        <p>{t("dashboard.noClashes")}</p>
      ) : (
        <ul class="plain event-list">
          {board.clashes.map((c) => (
            <li key={`${c.a.id}|${c.b.id}`} class={`clash clash-${c.severity}`}>
              <span class="clash-severity">{t("radar.score", { severity: t(`radar.severity.${c.severity}`) })}</span>{" "}
              <a href={`/events/${c.a.slug}`}>{c.a.title}</a> ({formatDate(c.a.startsAt.slice(0, 10))}) × <a href={`/events/${c.b.slug}`}>{c.b.title}</a> (
              {formatDate(c.b.startsAt.slice(0, 10))})<div class="meta">{formatList(c.reasons.map((r) => reasonWords(r, vocab)))}</div>
              <button type="button" onClick={() => acknowledge(c.a.id, c.b.id)}>
                {t("dashboard.acknowledge")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("dashboard.pending")}</h2>
      {board.pending.length === 0 ? (
        <p>{t("dashboard.noPending")}</p>
      ) : (
        <ul class="plain event-list">
          {board.pending.map((p) => (
            <li key={p.slug}>
              <a href={`/events/${p.slug}`}>{p.title}</a> <span class="meta">· {p.owner}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("dashboard.holds")}</h2>
      {board.expiringHolds.length === 0 ? (
        <p>{t("dashboard.noHolds")}</p>
      ) : (
        <ul class="plain event-list">
          {board.expiringHolds.map((h) => (
            <li key={h.id}>
              {h.title}{" "}
              <span class="meta">
                · {h.organisation} · {t("holds.expires", { date: formatDate(h.expiresOn) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
