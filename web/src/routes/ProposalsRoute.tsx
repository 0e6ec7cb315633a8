import { useState } from "preact/hooks";
import { RequireUser } from "../components/RequireUser.tsx";
import { answerProposal, fetchProposals, type Proposal } from "../lib/api.ts";
import { formatDate, t } from "../lib/i18n.ts";
import { isCoordinator } from "../lib/session.tsx";
import { useRequest } from "../lib/use-request.ts";

const keyOf = (p: Proposal) => `${p.kind}:${p.recordId}:${p.organisation.id}`;

/** `/proposals`: events and documents that name the partner's organisations, to accept or decline. */
export function ProposalsRoute() {
  return (
    <RequireUser allow={(u) => u.organisations.length > 0 || isCoordinator(u)}>
      {(user) => <Proposals showOrganisation={isCoordinator(user) || user.organisations.length > 1} />}
    </RequireUser>
  );
}

function Proposals({ showOrganisation }: { showOrganisation: boolean }) {
  const [state] = useRequest("proposals", fetchProposals);
  const [answered, setAnswered] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: "status" | "alert"; text: string } | null>(null);

  async function answer(p: Proposal, which: "accept" | "decline") {
    setBusy(keyOf(p));
    try {
      await answerProposal(p, which);
      setAnswered((s) => new Set(s).add(keyOf(p)));
      setMessage({ kind: "status", text: t(which === "accept" ? "proposals.accepted" : "proposals.declined", { title: p.title }) });
    } catch (error) {
      setMessage({ kind: "alert", text: t("manage.failed", { message: (error as Error)?.message ?? t("common.error") }) });
    } finally {
      setBusy(null);
    }
  }

  const open = state.status === "done" ? state.data.proposals.filter((p) => !answered.has(keyOf(p))) : [];
  return (
    <section>
      <h1>{t("proposals.title")}</h1>
      <p>{t("proposals.intro")}</p>
      {/* Always in the page, so screen readers announce each answer as it lands. */}
      <p role="status" class={message?.kind === "status" ? "notice" : "visually-hidden"}>
        {message?.kind === "status" ? message.text : ""}
      </p>
      {message?.kind === "alert" && (
        <p role="alert" class="field-error">
          {message.text}
        </p>
      )}
      {state.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {state.status === "error" && <p role="alert">{t("common.error")}</p>}
      {state.status === "done" &&
        (open.length ? (
          <ul class="plain event-list proposal-list">
            {open.map((p) => {
              const id = `proposal-${p.kind}-${p.recordId}-${p.organisation.id}`;
              return (
                <li key={keyOf(p)}>
                  <a id={id} href={`/${p.kind === "event" ? "events" : "documents"}/${p.slug}`}>
                    {p.title}
                  </a>
                  <div class="meta">
                    {t(p.kind === "event" ? "proposals.event" : "proposals.document")}
                    {p.date && ` · ${p.date.length >= 10 ? formatDate(p.date.slice(0, 10)) : p.date}`}
                    {p.proposedBy.length > 0 && ` · ${t("proposals.namedBy", { organisations: p.proposedBy.map((o) => o.name).join(", ") })}`}
                    {showOrganisation && ` · ${t("proposals.for", { organisation: p.organisation.name })}`}
                  </div>
                  <p class="form-actions">
                    <button type="button" class="primary" aria-describedby={id} disabled={busy === keyOf(p)} onClick={() => answer(p, "accept")}>
                      {t("proposals.accept")}
                    </button>
                    <button type="button" aria-describedby={id} disabled={busy === keyOf(p)} onClick={() => answer(p, "decline")}>
                      {t("proposals.decline")}
                    </button>
                  </p>
                </li>
              );
            })}
          </ul>
        ) : (
          <p>{t("proposals.empty")}</p>
        ))}
    </section>
  );
}
