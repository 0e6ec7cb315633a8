import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { errorMessage, ApiRequestError, send, type EventDetail } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { isCoordinator, useSession } from "../lib/session.tsx";

/** Moderation state and actions, for the event's own partners and for coordinators. */
export function ManagePanel({ event, etag, onChanged }: { event: EventDetail; etag: string | null; onChanged: () => void }) {
  const { user } = useSession();
  const { route } = useLocation();
  const [message, setMessage] = useState<{ kind: "status" | "alert"; text: string } | null>(null);
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState("");
  const manage = event.manage;
  if (!manage) return null;
  const coordinator = isCoordinator(user);
  const waiting = manage.moderation === "pending" || manage.pendingChanges !== null;

  async function act(action: "submit" | "approve" | "return", body: unknown = {}) {
    setMessage(null);
    try {
      const { body: changed } = await send<EventDetail>("POST", `/api/events/${event.slug}/${action}`, body, etag);
      setReturning(false);
      setMessage({ kind: "status", text: t("manage.done") });
      // Approving a change that made the event non-public gave it a new (opaque) slug.
      if (changed?.slug && changed.slug !== event.slug) route(`/events/${changed.slug}`, true);
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      setMessage({ kind: "alert", text: err?.status === 412 ? t("manage.conflict") : t("manage.failed", { message: errorMessage(error) }) });
    }
    onChanged();
  }

  return (
    <section class="manage-panel" aria-labelledby="manage-heading">
      <h2 id="manage-heading">{t("manage.title")}</h2>
      <p>{t("manage.state", { state: t(`moderation.${manage.moderation}`) })}</p>
      {manage.pendingChanges && <p>{t("manage.pendingChanges")}</p>}
      {manage.clashJustification && (
        <p>
          {t("review.justification")} {manage.clashJustification}
        </p>
      )}
      {manage.reviewComment && manage.moderation === "rejected" && (
        <div>
          <p>{t("manage.returned")}</p>
          <blockquote>{manage.reviewComment}</blockquote>
        </div>
      )}
      {/* A change proposed to a published event and returned: the event stays published, the comment says why. */}
      {manage.reviewComment && manage.moderation === "published" && !manage.pendingChanges && (
        <div>
          <p>{t("manage.changeReturned")}</p>
          <blockquote>{manage.reviewComment}</blockquote>
        </div>
      )}
      <div class="form-actions">
        <a class="button" href={`/events/${event.slug}/edit`}>
          {t("manage.edit")}
        </a>
        {(manage.moderation === "draft" || manage.moderation === "rejected") && (
          <button type="button" class="primary" onClick={() => act("submit")}>
            {t("manage.submit")}
          </button>
        )}
        {coordinator && (waiting || manage.moderation === "draft") && (
          <button type="button" class="primary" onClick={() => act("approve")}>
            {t("manage.approve")}
          </button>
        )}
        {coordinator && waiting && !returning && (
          <button type="button" onClick={() => setReturning(true)}>
            {t("manage.return")}
          </button>
        )}
      </div>
      {returning && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act("return", { comment });
          }}
        >
          <div class="field">
            <label for="return-comment">{t("manage.comment")}</label>
            <textarea id="return-comment" rows={3} required value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </div>
          <button type="submit">{t("manage.sendReturn")}</button>
        </form>
      )}
      {message && (
        <p role={message.kind} class={message.kind === "alert" ? "field-error" : "notice"}>
          {message.text}
        </p>
      )}
    </section>
  );
}
