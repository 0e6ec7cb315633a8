import { useEffect, useState } from "preact/hooks";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { RequireUser } from "../components/RequireUser.tsx";
import { errorMessage, ApiRequestError, fetchMembers, fetchVocabulary, send, type FieldIssue, type VocabularyResponse } from "../lib/api.ts";
import { formatDate, t } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";
import { SelectField } from "../components/SelectField.tsx";

/** `/members`: coordinators see an organisation's partners, invite and remove them. */
export function MembersRoute() {
  return <RequireUser allow={isCoordinator}>{() => <Members />}</RequireUser>;
}

function Members() {
  const [vocab, setVocab] = useState<VocabularyResponse | null>(null);
  const [orgId, setOrgId] = useState(() => new URLSearchParams(location.search).get("organisation") ?? "");
  useEffect(() => {
    fetchVocabulary().then(
      (v) => {
        setVocab(v);
        setOrgId((current) => current || v.organisations[0]?.id || "");
      },
      () => undefined,
    );
  }, []);
  if (!vocab) return <p role="status">{t("common.loading")}</p>;
  return (
    <section class="narrow">
      <h1>{t("members.title")}</h1>
      <SelectField
        id="members-org"
        label={t("members.organisation")}
        value={orgId}
        onChange={(v) => {
          setOrgId(v);
          history.replaceState(null, "", `/members?organisation=${v}`);
        }}
        options={vocab.organisations.map((o) => ({ value: o.id, label: o.name }))}
      />
      {orgId && <MemberList organisationId={orgId} />}
    </section>
  );
}

function MemberList({ organisationId }: { organisationId: string }) {
  const [reload, setReload] = useState(0);
  const [state] = useRequest(`${organisationId}#${reload}`, (signal) => fetchMembers(organisationId, signal));
  const [email, setEmail] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);

  async function invite(e: Event) {
    e.preventDefault();
    setFailure(null);
    try {
      await send("POST", `/api/organisations/${organisationId}/invitations`, { email });
      setNotice(t("members.invited", { email }));
      setEmail("");
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      setFailure({ message: errorMessage(error), issues: err?.issues ?? [] });
    }
  }
  async function remove(userId: string) {
    await send("DELETE", `/api/organisations/${organisationId}/members/${userId}`);
    setNotice(t("members.removed"));
    setReload((n) => n + 1);
  }

  return (
    <>
      {state.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {state.status === "error" && <p role="alert">{t("common.error")}</p>}
      {state.status === "done" &&
        (state.data.members.length ? (
          <ul class="plain event-list">
            {state.data.members.map((m) => (
              <li key={m.userId}>
                {m.name ?? m.email}{" "}
                <span class="meta">
                  {m.email} · {t("members.since", { date: formatDate(m.since.slice(0, 10)) })}
                </span>{" "}
                <button type="button" onClick={() => remove(m.userId)}>
                  {t("members.remove", { name: m.name ?? m.email })}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("members.none")}</p>
        ))}
      <h2>{t("members.invite")}</h2>
      <form onSubmit={invite} noValidate>
        {failure && <ErrorSummary message={failure.message} issues={failure.issues} />}
        <Field id="f-email" label={t("members.inviteEmail")} error={failure ? errorFor(failure.issues, "email") : undefined}>
          {(describedBy, invalid) => (
            <input
              id="f-email"
              type="email"
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <button type="submit" class="primary">
          {t("members.sendInvite")}
        </button>
      </form>
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}
    </>
  );
}
