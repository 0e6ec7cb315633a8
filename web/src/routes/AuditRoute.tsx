import { useState } from "preact/hooks";
import { RequireUser } from "../components/RequireUser.tsx";
import { fetchAudit, type AuditEntry } from "../lib/api.ts";
import { currentLocale, t } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";
import { DataTable } from "../components/DataTable.tsx";

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
        <DataTable
          rows={entries}
          rowKey={(e) => e.id}
          columns={[
            { header: t("audit.when"), cell: (e) => time.format(new Date(e.at)) },
            { header: t("audit.who"), cell: (e) => e.actorName ?? e.actorId ?? "—" },
            { header: t("audit.what"), cell: (e) => e.action },
            { header: t("audit.record"), cell: (e) => `${e.entity} ${e.entityId}` },
            {
              header: t("audit.changes"),
              cell: (e) => (
                <>
                  {e.before && <div>− {describe(e.before)}</div>}
                  {e.after && <div>+ {describe(e.after)}</div>}
                  {e.comment && <div>“{e.comment}”</div>}
                </>
              ),
            },
          ]}
        />
      )}
      {entries.length >= 50 && (
        <button type="button" onClick={() => setBefore(entries[entries.length - 1].id)}>
          {t("audit.older")}
        </button>
      )}
    </section>
  );
}
