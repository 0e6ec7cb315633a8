import { useEffect, useState } from "preact/hooks";
import { API_TOKEN_SCOPES } from "../../../db/enums.ts";
import type { ApiTokenCreated, ApiTokenInfo, ApiTokenList } from "../../../functions/tokens/tokens.types.ts";
import { ApiRequestError, errorMessage, send, type FieldIssue, type Me } from "../lib/api.ts";
import { formatDateTime, t } from "../lib/i18n.ts";
import { isCoordinator, useManagedOrganisations } from "../lib/session.tsx";
import { DataTable } from "./DataTable.tsx";
import { ErrorSummary, Field, errorFor } from "./Field.tsx";
import { SelectField } from "./SelectField.tsx";

/**
 * "API tokens" on the account page: make a token for one of your organisations (coordinators:
 * any) with scopes and an expiry, see its secret once, list your tokens with their last use, revoke.
 * Shown to partners and coordinators only (others may not make tokens).
 */
export function ApiTokens({ user }: { user: Me }) {
  const coordinator = isCoordinator(user);
  const owners = useManagedOrganisations(user);
  const [organisationId, setOrganisationId] = useState(owners[0]?.id ?? "");
  if (!organisationId && owners[0]) setOrganisationId(owners[0].id);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["read"]);
  const [days, setDays] = useState("90");
  const [tokens, setTokens] = useState<ApiTokenInfo[] | null>(null);
  const [made, setMade] = useState<ApiTokenCreated | null>(null);
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);

  const load = () =>
    fetch("/api/tokens", { headers: { accept: "application/json" } })
      .then((r) => (r.ok ? (r.json() as Promise<ApiTokenList>) : { tokens: [], max: 0 }))
      .then(
        (l) => setTokens(l.tokens),
        () => setTokens([]),
      );
  useEffect(() => {
    void load();
  }, []);
  if (!coordinator && user.organisations.length === 0) return null;

  async function act(work: () => Promise<string>) {
    setBusy(true);
    setFailure(null);
    setNotice("");
    try {
      setNotice(await work());
      await load();
    } catch (error) {
      setFailure({ message: errorMessage(error), issues: error instanceof ApiRequestError ? error.issues : [] });
    }
    setBusy(false);
  }
  const issues = failure?.issues ?? [];
  const toggle = (scope: string, on: boolean) => setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)).sort());

  return (
    <section aria-labelledby="api-tokens-heading" class="api-tokens">
      <h2 id="api-tokens-heading">{t("tokens.title")}</h2>
      <p>{t("tokens.intro")}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            const body = { name, organisationId, scopes, expiresInDays: Number(days) };
            const { body: created } = await send<ApiTokenCreated>("POST", "/api/tokens", body);
            setMade(created);
            setName("");
            return t("tokens.created", { name: created.token.name });
          });
        }}
      >
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        <Field id="f-name" label={t("tokens.name")} hint={t("tokens.nameHint")} error={errorFor(issues, "name")}>
          {(d, invalid) => (
            <input id="f-name" value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} aria-describedby={d} aria-invalid={invalid} />
          )}
        </Field>
        <SelectField
          id="f-organisationId"
          label={t("tokens.organisation")}
          value={organisationId}
          onChange={setOrganisationId}
          error={errorFor(issues, "organisationId")}
          options={owners.map((o) => ({ value: o.id, label: o.name }))}
        />
        <fieldset id="f-scopes" class="checkboxes" aria-describedby={errorFor(issues, "scopes") ? "f-scopes-error" : undefined}>
          <legend>{t("tokens.scopes")}</legend>
          {API_TOKEN_SCOPES.map((scope) => (
            <label key={scope}>
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.currentTarget.checked)} /> {t(`tokens.scope.${scope}`)}
            </label>
          ))}
          {errorFor(issues, "scopes") && (
            <p id="f-scopes-error" class="field-error">
              {errorFor(issues, "scopes")}
            </p>
          )}
        </fieldset>
        <Field id="f-expiresInDays" label={t("tokens.expires")} hint={t("tokens.expiresHint")} error={errorFor(issues, "expiresInDays")}>
          {(d, invalid) => (
            <input
              id="f-expiresInDays"
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              value={days}
              onInput={(e) => setDays(e.currentTarget.value)}
              aria-describedby={d}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" class="primary" disabled={busy}>
            {t("tokens.create")}
          </button>
        </div>
      </form>
      {made && (
        <div class="field api-token-secret">
          <label for="api-token-secret">{t("tokens.secret", { name: made.token.name })}</label>
          <p id="api-token-secret-hint" class="hint">
            {t("tokens.secretHint")}
          </p>
          <input id="api-token-secret" readOnly value={made.secret} aria-describedby="api-token-secret-hint" onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      <p role="status">{notice}</p>
      <h3>{t("tokens.listTitle")}</h3>
      {tokens === null ? (
        <p>{t("common.loading")}</p>
      ) : tokens.length === 0 ? (
        <p>{t("tokens.none")}</p>
      ) : (
        <DataTable
          rows={tokens}
          rowKey={(k) => k.id}
          columns={[
            { header: t("tokens.name"), cell: (k) => k.name, rowHeader: true },
            { header: t("tokens.prefix"), cell: (k) => <code>{k.prefix}…</code> },
            { header: t("tokens.organisation"), cell: (k) => k.organisation.name },
            { header: t("tokens.scopes"), cell: (k) => k.scopes.map((s) => t(`tokens.scopeShort.${s}`)).join(", ") },
            { header: t("tokens.createdAt"), cell: (k) => formatDateTime(k.createdAt) },
            { header: t("tokens.expiresAt"), cell: (k) => (k.expired ? t("tokens.expired") : formatDateTime(k.expiresAt)) },
            { header: t("tokens.lastUsed"), cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t("tokens.never")) },
            {
              header: t("tokens.actions"),
              cell: (k) => (
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t("tokens.revokeLabel", { name: k.name })}
                  onClick={() =>
                    void act(async () => {
                      await send("DELETE", `/api/tokens/${encodeURIComponent(k.id)}`);
                      if (made?.token.id === k.id) setMade(null);
                      return t("tokens.revoked", { name: k.name });
                    })
                  }
                >
                  {t("tokens.revoke")}
                </button>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
