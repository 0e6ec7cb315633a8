import { useEffect, useState } from "preact/hooks";
import { CsvImport } from "../components/CsvImport.tsx";
import { FeedSync } from "../components/FeedSync.tsx";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { RequireUser } from "../components/RequireUser.tsx";
import { errorMessage, ApiRequestError, fetchVocabulary, send, type FieldIssue, type ImportReport, type Me, type VocabularyResponse } from "../lib/api.ts";
import { plural, t } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { SelectField } from "../components/SelectField.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { reportColumns } from "../components/import-report.tsx";

/** `/import`: preview an .ics file's events, then import them all or none; keep a calendar feed in sync. */
export function ImportRoute() {
  return (
    <RequireUser allow={(u) => u.organisations.length > 0 || isCoordinator(u)}>
      {(user) => (
        <>
          <Import user={user} />
          <FeedSync user={user} />
          {isCoordinator(user) && <CsvImport />}
        </>
      )}
    </RequireUser>
  );
}

function Import({ user }: { user: Me }) {
  const [vocab, setVocab] = useState<VocabularyResponse | null>(null);
  const [organisationId, setOrganisationId] = useState(user.organisations[0]?.id ?? "");
  const [ics, setIcs] = useState<string | null>(null);
  const [url, setUrl] = useState("");
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  useEffect(() => {
    fetchVocabulary().then(setVocab, () => undefined);
  }, []);
  const owners = isCoordinator(user) ? (vocab?.organisations ?? []) : user.organisations;
  if (!organisationId && owners[0]) setOrganisationId(owners[0].id);

  async function run(commit: boolean) {
    setBusy(true);
    setFailure(null);
    try {
      const body = { organisationId, commit, ...(ics !== null ? { ics } : { url }) };
      setReport((await send<ImportReport>("POST", "/api/import", body)).body);
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      setFailure({ message: errorMessage(error), issues: err?.issues ?? [] });
    }
    setBusy(false);
  }
  const issues = failure?.issues ?? [];
  const counts = report?.counts;
  const toWrite = counts ? (counts.create ?? 0) + (counts.update ?? 0) : 0;

  return (
    <section class="narrow">
      <h1>{t("import.title")}</h1>
      <p>{t("import.intro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(false);
        }}
        noValidate
      >
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        <SelectField
          id="f-organisationId"
          label={t("import.organisation")}
          value={organisationId}
          onChange={setOrganisationId}
          error={errorFor(issues, "organisationId")}
          options={owners.map((o) => ({ value: o.id, label: o.name }))}
        />
        <Field id="f-ics" label={t("import.file")} error={errorFor(issues, "ics")}>
          {(d, invalid) => (
            <input
              id="f-ics"
              type="file"
              accept=".ics,text/calendar"
              aria-describedby={d}
              aria-invalid={invalid}
              onChange={async (e) => {
                const file = e.currentTarget.files?.[0];
                setIcs(file ? await file.text() : null);
                setReport(null);
              }}
            />
          )}
        </Field>
        <Field id="f-url" label={t("import.url")} error={errorFor(issues, "url")}>
          {(d, invalid) => (
            <input
              id="f-url"
              type="url"
              value={url}
              disabled={ics !== null}
              onInput={(e) => setUrl(e.currentTarget.value)}
              aria-describedby={d}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" disabled={busy}>
            {t("import.preview")}
          </button>
          {report && !report.committed && toWrite > 0 && (
            <button type="button" class="primary" disabled={busy} onClick={() => run(true)}>
              {plural("import.commit", toWrite)}
            </button>
          )}
        </div>
      </form>
      {report && counts && (
        <>
          <p role="status">
            {t(report.committed ? "import.committed" : "import.summary", {
              create: counts.create ?? 0,
              update: counts.update ?? 0,
              unchanged: counts.unchanged ?? 0,
              refuse: counts.refuse ?? 0,
            })}
          </p>
          <DataTable rows={report.items} rowKey={(i, n) => `${i.uid}-${n}`} columns={reportColumns(() => report.committed)} />
        </>
      )}
    </section>
  );
}
