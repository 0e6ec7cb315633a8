import { useState } from "preact/hooks";
import { RequireUser } from "../components/RequireUser.tsx";
import { getApi, send } from "../lib/api.ts";
import { formatDateTime, t } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";
import { DataTable } from "../components/DataTable.tsx";
import type { DigestRunsResponse, DigestSubscriber } from "../../../functions/digest/digest.types.ts";

/** `/digests`: the weekly digest runs, failures, missing weeks and subscribers, for coordinators. */
export function DigestsRoute() {
  return <RequireUser allow={isCoordinator}>{() => <Digests />}</RequireUser>;
}

function Digests() {
  const [runs] = useRequest("runs", (signal) => getApi<DigestRunsResponse>("/api/digests/runs", signal));
  const [subs] = useRequest("subscribers", (signal) => getApi<{ subscribers: DigestSubscriber[] }>("/api/digests/subscribers", signal));
  const [notice, setNotice] = useState<string | null>(null);
  async function test() {
    try {
      const { body } = await send<{ sentTo: string }>("POST", "/api/digests/test", {});
      setNotice(t("digests.testSent", { email: body.sentTo }));
    } catch {
      setNotice(t("common.error"));
    }
  }
  return (
    <section>
      <h1>{t("digests.title")}</h1>
      <p class="form-actions">
        <button type="button" onClick={test}>
          {t("digests.sendTest")}
        </button>
      </p>
      {notice && <p role="status">{notice}</p>}
      {runs.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {runs.status === "error" && <p role="alert">{t("common.error")}</p>}
      {runs.status === "done" && (
        <>
          {runs.data.missingWeeks.length > 0 && <p role="alert">{t("digests.missing", { weeks: runs.data.missingWeeks.join(", ") })}</p>}
          <h2>{t("digests.runs")}</h2>
          {runs.data.runs.length === 0 ? (
            <p>{t("digests.noRuns")}</p>
          ) : (
            <DataTable
              rows={runs.data.runs}
              rowKey={(r) => r.id}
              columns={[
                { header: t("digests.week"), cell: (r) => r.week, rowHeader: true },
                { header: t("digests.sent"), cell: (r) => r.sent },
                { header: t("digests.skipped"), cell: (r) => r.skipped },
                { header: t("digests.pending"), cell: (r) => r.pending },
                { header: t("digests.failed"), cell: (r) => r.failed },
              ]}
            />
          )}
          {runs.data.failures.length > 0 && (
            <>
              <h2>{t("digests.failures")}</h2>
              <ul>
                {runs.data.failures.map((f) => (
                  <li key={`${f.runId}${f.email}`}>
                    {f.email}: {f.lastError ?? "—"} ({t("digests.attempts", { count: f.attempts })})
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <h2>{t("digests.subscribers")}</h2>
      {subs.status === "done" && (
        <DataTable
          rows={subs.data.subscribers}
          rowKey={(s) => s.id}
          columns={[
            { header: t("digests.email"), cell: (s) => s.email, rowHeader: true },
            { header: t("digests.state"), cell: (s) => t(s.active ? "digests.active" : s.confirmed ? "digests.unsubscribed" : "digests.unconfirmed") },
            { header: t("digests.lastSent"), cell: (s) => (s.lastSentAt ? formatDateTime(s.lastSentAt) : "—") },
            {
              header: t("digests.preview"),
              cell: (s) => (
                <a href={`/api/digests/preview?subscription=${encodeURIComponent(s.id)}`} target="_blank" rel="noopener">
                  {t("digests.previewLink", { email: s.email })}
                </a>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
