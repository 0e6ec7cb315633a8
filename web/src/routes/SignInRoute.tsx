import { useState } from "preact/hooks";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { ApiRequestError, send, type FieldIssue } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";

/** `/sign-in`: asks for an address and mails a one-time link. */
export function SignInRoute() {
  const [email, setEmail] = useState("");
  const [state, setState] = useState<{ kind: "idle" | "sending" | "sent" } | { kind: "error"; message: string; issues: FieldIssue[] }>({ kind: "idle" });
  async function submit(e: Event) {
    e.preventDefault();
    setState({ kind: "sending" });
    try {
      await send("POST", "/api/auth/sign-in", { email });
      setState({ kind: "sent" });
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
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
