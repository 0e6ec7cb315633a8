import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { WEBHOOK_TOPICS } from "../../../db/enums.ts";
import type { WebhookDeliveryView, WebhookView } from "../../../functions/webhooks/webhooks.routes.ts";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { RequireUser } from "../components/RequireUser.tsx";
import { SelectField } from "../components/SelectField.tsx";
import { ApiRequestError, errorMessage, getApi, send, type FieldIssue, type Me } from "../lib/api.ts";
import { formatDateTime, t } from "../lib/i18n.ts";
import { isCoordinator, useManagedOrganisations } from "../lib/session.tsx";

type Topic = (typeof WEBHOOK_TOPICS)[number];
type Act = (key: string, work: () => Promise<string>) => Promise<void>;

/**
 * `/webhooks`: an organisation's partners (coordinators: any organisation's) register https
 * endpoints for its topics, see the signing secret once, ping, switch off and on, remove, and read
 * each endpoint's delivery log. `?organisation=` (the owners' mail links to it) picks one.
 */
export function WebhooksRoute() {
  return <RequireUser allow={(u) => u.organisations.length > 0 || isCoordinator(u)}>{(user) => <Webhooks user={user} />}</RequireUser>;
}

function Webhooks({ user }: { user: Me }) {
  const { query } = useLocation();
  const owners = useManagedOrganisations(user);
  const [organisationId, setOrganisationId] = useState(query.organisation ?? user.organisations[0]?.id ?? "");
  if (!organisationId && owners[0]) setOrganisationId(owners[0].id);
  const [url, setUrl] = useState("");
  const [topics, setTopics] = useState<Topic[]>([...WEBHOOK_TOPICS]);
  const [hooks, setHooks] = useState<WebhookView[] | null>(null);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState<string | null>(null);

  const load = () =>
    getApi<{ webhooks: WebhookView[] }>(organisationId ? `/api/webhooks?organisationId=${encodeURIComponent(organisationId)}` : "/api/webhooks").then(
      (r) => setHooks(r.webhooks),
      () => setHooks([]),
    );
  useEffect(() => {
    void load();
  }, [organisationId]);

  const act: Act = async (key, work) => {
    setBusy(key);
    setFailure(null);
    setNotice("");
    try {
      const done = await work();
      await load();
      setNotice(done);
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      setFailure({ message: errorMessage(error), issues: err?.issues ?? [] });
    }
    setBusy(null);
  };
  const issues = failure?.issues ?? [];
  const toggle = (topic: Topic) => setTopics((now) => (now.includes(topic) ? now.filter((x) => x !== topic) : [...now, topic]));

  return (
    <section class="narrow webhooks">
      <h1>{t("webhooks.title")}</h1>
      <p class="hint">{t("webhooks.intro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act("add", async () => {
            const { body } = await send<WebhookView & { secret: string }>("POST", "/api/webhooks", { organisationId, url, topics });
            setSecret({ url: body.url, secret: body.secret });
            setUrl("");
            return t("webhooks.added");
          });
        }}
        noValidate
      >
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        {owners.length > 1 && (
          <SelectField
            id="f-organisationId"
            label={t("webhooks.organisation")}
            value={organisationId}
            onChange={setOrganisationId}
            error={errorFor(issues, "organisationId")}
            options={owners.map((o) => ({ value: o.id, label: o.name }))}
          />
        )}
        <Field id="f-url" label={t("webhooks.url")} error={errorFor(issues, "url")} hint={t("webhooks.urlHint")}>
          {(d, invalid) => (
            <input
              id="f-url"
              type="url"
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
              aria-describedby={d}
              aria-invalid={invalid}
              maxLength={2000}
            />
          )}
        </Field>
        <fieldset id="f-topics" class="checkboxes" aria-describedby={errorFor(issues, "topics") ? "f-topics-error" : undefined}>
          <legend>{t("webhooks.topics")}</legend>
          {WEBHOOK_TOPICS.map((topic) => (
            <label key={topic}>
              <input type="checkbox" checked={topics.includes(topic)} onChange={() => toggle(topic)} /> {t(`webhooks.topic.${topic}`)}
            </label>
          ))}
          {errorFor(issues, "topics") && (
            <p id="f-topics-error" class="field-error">
              {errorFor(issues, "topics")}
            </p>
          )}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="primary" disabled={busy !== null || !url}>
            {t("webhooks.add")}
          </button>
        </div>
      </form>
      <div role="status">
        {notice && <p>{notice}</p>}
        {secret && (
          <div class="webhook-secret">
            <p>
              <strong>{t("webhooks.secretTitle", { url: secret.url })}</strong>
            </p>
            <p>
              <code>{secret.secret}</code>
            </p>
            <p class="hint">{t("webhooks.secretHint")}</p>
          </div>
        )}
      </div>
      <h2>{t("webhooks.listTitle")}</h2>
      {hooks === null ? (
        <p>{t("common.loading")}</p>
      ) : hooks.length === 0 ? (
        <p>{t("webhooks.none")}</p>
      ) : (
        <ul class="webhook-list">
          {hooks.map((h) => (
            <WebhookItem key={h.id} hook={h} busy={busy} act={act} />
          ))}
        </ul>
      )}
    </section>
  );
}

function WebhookItem({ hook: h, busy, act }: { hook: WebhookView; busy: string | null; act: Act }) {
  const [log, setLog] = useState<WebhookDeliveryView[] | null>(null);
  const [open, setOpen] = useState(false);
  const showLog = async () => {
    const next = !open;
    setOpen(next);
    if (next) setLog((await getApi<{ deliveries: WebhookDeliveryView[] }>(`/api/webhooks/${encodeURIComponent(h.id)}/deliveries`)).deliveries);
  };
  const titleId = `webhook-${h.id}-title`;
  const logId = `webhook-${h.id}-log`;
  return (
    <li class="webhook" aria-labelledby={titleId}>
      <h3 id={titleId}>
        <span class="webhook-url">{h.url}</span> <span class="hint">({h.organisationName})</span>
      </h3>
      <dl class="webhook-facts">
        <dt>{t("webhooks.topics")}</dt>
        <dd>{h.topics.map((topic) => t(`webhooks.topic.${topic}`)).join(", ")}</dd>
        <dt>{t("webhooks.state")}</dt>
        <dd class={h.enabled ? undefined : "webhook-off"}>{h.enabled ? t("webhooks.on") : t("webhooks.off", { reason: h.disabledReason ?? "" })}</dd>
        <dt>{t("webhooks.lastDelivery")}</dt>
        <dd>{h.lastDeliveryAt ? formatDateTime(h.lastDeliveryAt) : t("webhooks.never")}</dd>
        {h.lastDeliveryAt && (
          <>
            <dt>{t("webhooks.lastAnswer")}</dt>
            <dd>{[h.lastStatus ?? "—", h.lastResponse].filter(Boolean).join(" · ")}</dd>
          </>
        )}
        {h.consecutiveFailures > 0 && (
          <>
            <dt>{t("webhooks.failures")}</dt>
            <dd>{h.consecutiveFailures}</dd>
          </>
        )}
      </dl>
      <div class="form-actions">
        <button
          type="button"
          disabled={busy !== null}
          onClick={() =>
            act(`test-${h.id}`, async () => {
              const { body } = await send<{ ok: boolean; status: number | null; response: string }>(
                "POST",
                `/api/webhooks/${encodeURIComponent(h.id)}/test`,
                {},
              );
              return body.ok
                ? t("webhooks.tested", { status: body.status ?? "" })
                : t("webhooks.testFailed", { answer: [body.status, body.response].filter(Boolean).join(" · ") });
            })
          }
        >
          {t("webhooks.test")}
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() =>
            act(`switch-${h.id}`, async () => {
              await send("PATCH", `/api/webhooks/${encodeURIComponent(h.id)}`, { enabled: !h.enabled });
              return h.enabled ? t("webhooks.switchedOff") : t("webhooks.switchedOn");
            })
          }
        >
          {h.enabled ? t("webhooks.switchOff") : t("webhooks.switchOn")}
        </button>
        <button type="button" aria-expanded={open} aria-controls={logId} onClick={() => void showLog()}>
          {t("webhooks.showLog")}
        </button>
        <button
          type="button"
          class="danger"
          disabled={busy !== null}
          onClick={() => {
            if (!confirm(t("webhooks.removeConfirm", { url: h.url }))) return;
            void act(`remove-${h.id}`, async () => {
              await send("DELETE", `/api/webhooks/${encodeURIComponent(h.id)}`);
              return t("webhooks.removed");
            });
          }}
        >
          {t("webhooks.remove")}
        </button>
      </div>
      <div id={logId} hidden={!open}>
        {open &&
          (log === null ? (
            <p>{t("common.loading")}</p>
          ) : log.length === 0 ? (
            <p>{t("webhooks.logEmpty")}</p>
          ) : (
            // Its own scroll box, focusable so the keyboard can scroll it on a phone: a table of text has no control to reach (axe scrollable-region-focusable).
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard
            <section class="table-scroll" tabIndex={0} aria-labelledby={`${logId}-caption`}>
              <table class="data-table">
                <caption id={`${logId}-caption`}>{t("webhooks.logCaption", { url: h.url })}</caption>
                <thead>
                  <tr>
                    {(["recorded", "topic", "state", "attempts", "answer"] as const).map((c) => (
                      <th key={c} scope="col">
                        {t(`webhooks.col.${c}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {log.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">{formatDateTime(d.createdAt)}</th>
                      <td>{t(`webhooks.topic.${d.topic}`)}</td>
                      <td>
                        {d.nextAttemptAt
                          ? `${t(`webhooks.status.${d.status}`)} (${t("webhooks.nextAttempt", { time: formatDateTime(d.nextAttemptAt) })})`
                          : t(`webhooks.status.${d.status}`)}
                      </td>
                      <td>{d.attempts}</td>
                      <td>{[d.lastStatus ?? "—", d.lastResponse].filter(Boolean).join(" · ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
      </div>
    </li>
  );
}
