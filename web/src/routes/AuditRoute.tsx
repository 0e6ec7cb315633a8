import { useState } from "preact/hooks";
import { RequireUser } from "../components/RequireUser.tsx";
import { fetchAudit, type AuditEntry } from "../lib/api.ts";
import { currentLocale, t } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";

/** `/audit`: every change, newest first, for coordinators. */
export function AuditRoute() {
  return <RequireUser allow={isCoordinator}>{() => <AuditLog />}</RequireUser>;
}

function describe(values: Record<string, unknown> | null): string {
  if (!values) return "";
  return Object.entries(values)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("; ");
}

function AuditLog() {
  const [before, setBefore] = useState<number | null>(null);
  const [state] = useRequest(String(before), (signal) => fetchAudit(before, signal));
  const entries: AuditEntry[] = state.status === "done" ? state.data.entries : [];
  const time = new Intl.DateTimeFormat(currentLocale(), { dateStyle: "medium", timeStyle: "short" });
  return (
    <section>
      <h1>{t("audit.title")}</h1>
      {state.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {state.status === "error" && <p role="alert">{t("common.error")}</p>}
      {state.status === "done" && entries.length === 0 && <p>{t("audit.empty")}</p>}
      {entries.length > 0 && (
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{t("audit.when")}</th>
                <th scope="col">{t("audit.who")}</th>
                <th scope="col">{t("audit.what")}</th>
                <th scope="col">{t("audit.record")}</th>
                <th scope="col">{t("audit.changes")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{time.format(new Date(e.at))}</td>
                  <td>{e.actorName ?? e.actorId ?? "—"}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.entity} {e.entityId}
                  </td>
                  <td>
                    {e.before && <div>− {describe(e.before)}</div>}
                    {e.after && <div>+ {describe(e.after)}</div>}
                    {e.comment && <div>“{e.comment}”</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries.length >= 50 && (
        <button type="button" onClick={() => setBefore(entries[entries.length - 1].id)}>
          {t("audit.older")}
        </button>
      )}
    </section>
  );
}
