import { useState } from "preact/hooks";
import { DigestSubscription } from "../components/DigestSubscription.tsx";
import { ApiRequestError, send } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { ruleText } from "../lib/rules.ts";
import { useSession } from "../lib/session.tsx";

/** `/subscribe`: the weekly digest by e-mail (double opt-in), or a signed-in user's own settings. */
export function SubscribeRoute() {
  const { user } = useSession();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  if (user)
    return (
      <section class="narrow">
        <h1 id="digest-heading">{t("digest.title")}</h1>
        <DigestSubscription page />
      </section>
    );
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await send("POST", "/api/subscriptions", { email, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      setDone(true);
    } catch (err) {
      setError(
        err instanceof ApiRequestError && err.issues.length ? err.issues.map((i) => `${t("digest.email")}: ${ruleText(i)}`).join("; ") : t("common.error"),
      );
    }
  }
  return (
    <section class="narrow">
      <h1>{t("digest.title")}</h1>
      <p>{t("digest.intro")}</p>
      {done ? (
        <p role="status">{t("digest.checkMail")}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <div class="field">
            <label for="digest-email">{t("digest.email")}</label>
            <input
              id="digest-email"
              type="email"
              autocomplete="email"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
              aria-describedby={error ? "digest-error" : undefined}
              aria-invalid={error ? true : undefined}
            />
          </div>
          {error && (
            <p id="digest-error" role="alert" class="field-error">
              {error}
            </p>
          )}
          <p class="form-actions">
            <button type="submit">{t("digest.subscribe")}</button>
          </p>
        </form>
      )}
    </section>
  );
}
