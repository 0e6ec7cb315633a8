import { useLocation } from "preact-iso";
import { useState } from "preact/hooks";
import { send } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { returnPath } from "../lib/return-to.ts";
import { useSession } from "../lib/session.tsx";

/**
 * `/sign-in/confirm#token=…`: the page the emailed link opens. Opening it changes nothing (mail
 * scanners open every link); the button's POST spends the token. The token lives in the fragment,
 * which browsers never send to servers or in Referer headers; so does `next`, the page to return to.
 */
export function ConfirmRoute() {
  const { route } = useLocation();
  const { refresh } = useSession();
  const [{ token, next }] = useState(() => {
    const fragment = new URLSearchParams(location.hash.slice(1));
    return { token: fragment.get("token"), next: returnPath(fragment.get("next")) };
  });
  const [state, setState] = useState<"idle" | "busy" | "invalid">("idle");
  async function confirm() {
    setState("busy");
    try {
      await send("POST", "/api/auth/confirm", { token });
      history.replaceState(null, "", "/sign-in/confirm");
      refresh();
      // Back to the page that asked for sign-in (a path on this calendar only), else the account.
      route(next ?? "/account");
    } catch {
      setState("invalid");
    }
  }
  return (
    <section class="narrow">
      <h1>{t("confirm.title")}</h1>
      {!token ? (
        <p>{t("confirm.missing")}</p>
      ) : state === "invalid" ? (
        <div role="alert">
          <p>{t("confirm.invalid")}</p>
          <p>
            <a href="/sign-in">{t("confirm.again")}</a>
          </p>
        </div>
      ) : (
        <>
          <p>{t("confirm.intro")}</p>
          <button type="button" class="primary" onClick={confirm} disabled={state === "busy"}>
            {t("confirm.submit")}
          </button>
        </>
      )}
    </section>
  );
}
