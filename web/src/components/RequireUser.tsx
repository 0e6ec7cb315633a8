import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import type { Me } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { signInHref } from "../lib/return-to.ts";
import { useSession } from "../lib/session.tsx";

/**
 * Renders its children for a signed-in user who passes `allow`; otherwise says why not, under a
 * heading of its own. Signing in from here comes back to this page.
 */
export function RequireUser({ allow = () => true, children }: { allow?: (user: Me) => boolean; children: (user: Me) => ComponentChildren }) {
  const { user } = useSession();
  const { url } = useLocation();
  if (user === undefined) return <p role="status">{t("common.loading")}</p>;
  if (user === null)
    return (
      <section class="narrow">
        <h1>{t("auth.requiredTitle")}</h1>
        <p>
          {t("auth.required")} <a href={signInHref(url)}>{t("nav.signIn")}</a>
        </p>
      </section>
    );
  if (!allow(user))
    return (
      <section class="narrow">
        <h1>{t("auth.forbiddenTitle")}</h1>
        <p>{t("auth.forbidden")}</p>
      </section>
    );
  return <>{children(user)}</>;
}
