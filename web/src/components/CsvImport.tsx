import { useState } from "preact/hooks";
import type { CsvReport } from "../../../functions/import/csv-import.ts";
import { ApiRequestError, send } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { ruleText } from "../lib/rules.ts";
import { CSV_IMPORT_KINDS } from "../../../db/enums.ts";
import { DataTable } from "./DataTable.tsx";
import { SelectField } from "./SelectField.tsx";

/** Coordinators' CSV import: check every row, show what to fix, then import all or nothing. */
export function CsvImport() {
  const [kind, setKind] = useState<(typeof CSV_IMPORT_KINDS)[number]>("organisations");
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
      <SelectField
        id="csv-kind"
        label={t("csv.kind")}
        value={kind}
        onChange={(v) => {
          setKind(v as typeof kind);
          setReport(null);
        }}
        options={CSV_IMPORT_KINDS.map((k) => ({ value: k, label: t(`csv.kind.${k}`) }))}
      />
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
          <p role="status">{report.committed ? t("csv.done", { rows: report.rows }) : t("csv.checked", { rows: report.rows, errors: report.errorRows })}</p>
          {report.errors.length > 0 && (
            <DataTable
              caption={t("csv.errors")}
              rows={report.errors}
              rowKey={(_, i) => i}
              columns={[
                { header: t("csv.line"), cell: (e) => e.line },
                { header: t("csv.field"), cell: (e) => e.field },
                { header: t("csv.rule"), cell: (e) => ruleText(e) },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
