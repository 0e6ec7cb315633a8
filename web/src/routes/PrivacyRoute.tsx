import { useEffect, useState } from "preact/hooks";
import { ErrorSummary, Field, errorFor } from "../components/Field.tsx";
import { errorMessage, ApiRequestError, send, type FieldIssue } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { FIELD_VISIBILITIES } from "../../../db/enums.ts";
import { SelectField } from "../components/SelectField.tsx";

interface Record {
  name: string;
  title: string | null;
  email: string | null;
  emailVisibility: string;
  phone: string | null;
  phoneVisibility: string;
  lawfulBasis: string;
  organisations: { name: string }[];
}

/**
 * `/privacy#token=…`: a person views, corrects or erases their own directory record (GDPR art.
 * 15–17). The token stays in the fragment and is sent only in request bodies.
 */
export function PrivacyRoute() {
  const [token] = useState(() => new URLSearchParams(location.hash.slice(1)).get("token"));
  const [record, setRecord] = useState<Record | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "invalid" | "erased">("loading");
  const [form, setForm] = useState({ name: "", title: "", email: "", emailVisibility: "coordinators", phone: "", phoneVisibility: "coordinators" });
  const [failure, setFailure] = useState<{ message: string; issues: FieldIssue[] } | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const load = (r: Record) => {
    setRecord(r);
    setForm({
      name: r.name,
      title: r.title ?? "",
      email: r.email ?? "",
      emailVisibility: r.emailVisibility,
      phone: r.phone ?? "",
      phoneVisibility: r.phoneVisibility,
    });
    setState("ready");
  };
  useEffect(() => {
    if (!token) return setState("invalid");
    send<Record>("POST", "/api/privacy/view", { token }).then(
      (r) => load(r.body),
      () => setState("invalid"),
    );
  }, []);
  async function save(e: Event) {
    e.preventDefault();
    setFailure(null);
    setSaved(false);
    try {
      const { body } = await send<Record>("POST", "/api/privacy/correct", {
        token,
        name: form.name,
        title: form.title || null,
        email: form.email || null,
        emailVisibility: form.emailVisibility,
        phone: form.phone || null,
        phoneVisibility: form.phoneVisibility,
      });
      load(body);
      setSaved(true);
    } catch (error) {
      const err = error instanceof ApiRequestError ? error : null;
      setFailure({ message: errorMessage(error), issues: err?.issues ?? [] });
    }
  }
  async function erase() {
    await send("POST", "/api/privacy/erase", { token });
    history.replaceState(null, "", "/privacy");
    setState("erased");
  }
  if (state === "loading") return <p role="status">{t("common.loading")}</p>;
  if (state === "invalid" || state === "erased") {
    return (
      <section class="narrow">
        <h1>{t("privacy.title")}</h1>
        {state === "invalid" ? <p role="alert">{token ? t("privacy.invalid") : t("privacy.missing")}</p> : <p role="status">{t("privacy.erased")}</p>}
      </section>
    );
  }
  const issues = failure?.issues ?? [];
  // Most restrictive first, as the default is.
  const visibility = [...FIELD_VISIBILITIES].reverse().map((v) => ({ value: v, label: t(`dir.visibility.${v}`) }));
  const text = (key: "name" | "title" | "email" | "phone", label: string) => (
    <Field id={`f-${key}`} label={label} error={errorFor(issues, key)}>
      {(d, invalid) => (
        <input
          id={`f-${key}`}
          value={form[key]}
          onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
          aria-describedby={d}
          aria-invalid={invalid}
        />
      )}
    </Field>
  );
  const choose = (key: "emailVisibility" | "phoneVisibility", label: string) => (
    <SelectField id={`f-${key}`} label={label} value={form[key]} onChange={(v) => setForm({ ...form, [key]: v })} options={visibility} />
  );
  return (
    <section class="narrow">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.intro")}</p>
      <p>{t("privacy.basis", { basis: t(`dir.basis.${record!.lawfulBasis}` as "dir.basis.consent") })}</p>
      <form onSubmit={save} noValidate>
        {failure && <ErrorSummary message={failure.message} issues={issues} />}
        {text("name", t("dir.name"))}
        {text("title", t("dir.title"))}
        {text("email", t("dir.email"))}
        {choose("emailVisibility", `${t("dir.email")}: ${t("dir.visibility")}`)}
        {text("phone", t("dir.phone"))}
        {choose("phoneVisibility", `${t("dir.phone")}: ${t("dir.visibility")}`)}
        <button type="submit" class="primary">
          {t("privacy.save")}
        </button>
      </form>
      {saved && <p role="status">{t("privacy.saved")}</p>}
      <h2>{t("privacy.erase")}</h2>
      {confirming ? (
        <button type="button" onClick={erase}>
          {t("privacy.eraseConfirm")}
        </button>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t("privacy.erase")}
        </button>
      )}
    </section>
  );
}
