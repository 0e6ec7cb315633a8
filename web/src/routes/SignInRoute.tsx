import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { ApiRequestError, send, type FieldIssue } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { returnPath } from "../lib/return-to.ts";

/**
 * `/sign-in?next=/page`: asks for an address and mails a one-time link that comes back to `next`.
 * A page opened at another address than the configured one (127.0.0.1 for localhost) cannot sign
 * in: the API refuses its requests (bad_origin) and names the address to open, and so does this page.
 */
export function SignInRoute() {
  const { query } = useLocation();
  const next = returnPath(query.next);
  const [email, setEmail] = useState("");
  const [state, setState] = useState<{ kind: "idle" | "sending" | "sent" } | { kind: "error"; message: string; issues: FieldIssue[]; openAt?: string }>({
    kind: "idle",
  });
  async function submit(e: Event) {
    e.preventDefault();
    setState({ kind: "sending" });
    try {
      await send("POST", "/api/auth/sign-in", next ? { email, next } : { email });
      setState({ kind: "sent" });
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      if (err?.code === "bad_origin" && err.expectedOrigin) {
        const openAt = err.expectedOrigin;
        setState({ kind: "error", message: t("signIn.wrongOrigin", { here: location.origin, origin: openAt }), issues: [], openAt });
        return;
      }
      const message = err?.status === 429 ? t("signIn.rateLimited") : t("signIn.failed");
      setState({ kind: "error", message, issues: err?.issues ?? [] });
    }
  }
  const issues = state.kind === "error" ? state.issues : [];
  return (
    <section class="narrow">
      <h1>{t("signIn.title")}</h1>
      <p>{t("signIn.intro")}</p>
      {state.kind === "sent" ? (
        <p role="status" class="notice">
          {t("signIn.sent", { email })}
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          {state.kind === "error" && <ErrorSummary message={state.message} issues={issues} />}
          {state.kind === "error" && state.openAt && (
            <p>
              <a href={`${state.openAt}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`}>{state.openAt}</a>
            </p>
          )}
          <Field id="f-email" label={t("signIn.email")} error={errorFor(issues, "email")}>
            {(describedBy, invalid) => (
              <input
                id="f-email"
                type="email"
                autocomplete="email"
                required
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
          <button type="submit" class="primary" disabled={state.kind === "sending"}>
            {state.kind === "sending" ? t("signIn.sending") : t("signIn.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
