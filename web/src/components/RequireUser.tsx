import type { ComponentChildren } from "preact";
import type { Me } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { useSession } from "../lib/session.tsx";

/** Renders its children for a signed-in user who passes `allow`; otherwise says why not. */
export function RequireUser({ allow = () => true, children }: { allow?: (user: Me) => boolean; children: (user: Me) => ComponentChildren }) {
  const { user } = useSession();
  if (user === undefined) return <p role="status">{t("common.loading")}</p>;
  if (user === null)
    return (
      <p>
        {t("auth.required")} <a href="/sign-in">{t("nav.signIn")}</a>
      </p>
    );
  if (!allow(user)) return <p>{t("auth.forbidden")}</p>;
  return <>{children(user)}</>;
}
