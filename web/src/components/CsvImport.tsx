import { useState } from "preact/hooks";
import type { CsvReport } from "../../../functions/import/csv-import.ts";
import { ApiRequestError, send } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { ruleText } from "../lib/rules.ts";

/** Coordinators' CSV import: check every row, show what to fix, then import all or nothing. */
export function CsvImport() {
  const [kind, setKind] = useState<"organisations" | "people">("organisations");
  const [csv, setCsv] = useState<string | null>(null);
  const [report, setReport] = useState<CsvReport | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  async function run(commit: boolean) {
    if (!csv) return;
    setProgress(commit ? 0.5 : null);
    try {
      setReport((await send<CsvReport>("POST", "/api/import/csv", { kind, csv, commit })).body);
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 422) setReport(null);
    }
    setProgress(commit ? 1 : null);
  }
  return (
    <section class="narrow" aria-labelledby="csv-heading">
      <h2 id="csv-heading">{t("csv.title")}</h2>
      <p class="hint">{t("csv.intro")}</p>
      <div class="field">
        <label for="csv-kind">{t("csv.kind")}</label>
        <select
          id="csv-kind"
          value={kind}
          onChange={(e) => {
            setKind(e.currentTarget.value as typeof kind);
            setReport(null);
          }}
        >
          <option value="organisations">{t("csv.kind.organisations")}</option>
          <option value="people">{t("csv.kind.people")}</option>
        </select>
      </div>
      <div class="field">
        <label for="csv-file">{t("csv.file")}</label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            setCsv(f ? await f.text() : null);
            setReport(null);
            setProgress(null);
          }}
        />
      </div>
      <div class="form-actions">
        <button type="button" disabled={!csv} onClick={() => run(false)}>
          {t("import.preview")}
        </button>
        {report && !report.committed && report.errors.length === 0 && (
          <button type="button" class="primary" onClick={() => run(true)}>
            {t("csv.commit", { rows: report.rows })}
          </button>
        )}
      </div>
      {progress !== null && (
        <p>
          <label for="csv-progress">{progress < 1 ? t("csv.importing") : t("csv.done", { rows: report?.rows ?? 0 })}</label>{" "}
          <progress id="csv-progress" max={1} value={progress} />
        </p>
      )}
      {report && (
        <>
          <p role="status">
            {report.committed
              ? t("csv.done", { rows: report.rows })
              : t("csv.checked", { rows: report.rows, errors: new Set(report.errors.map((e) => e.line)).size })}
          </p>
          {report.errors.length > 0 && (
            <div class="table-scroll">
              <table class="data-table">
                <caption>{t("csv.errors")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("csv.line")}</th>
                    <th scope="col">{t("csv.field")}</th>
                    <th scope="col">{t("csv.rule")}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e, i) => (
                    <tr key={i}>
                      <td>{e.line}</td>
                      <td>{e.field}</td>
                      <td>{ruleText(e)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
