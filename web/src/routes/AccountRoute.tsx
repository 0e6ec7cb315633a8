import { useLocation } from "preact-iso";
import { ApiTokens } from "../components/ApiTokens.tsx";
import { DigestSubscription } from "../components/DigestSubscription.tsx";
import { FollowList } from "../components/FollowList.tsx";
import { PrivateFeed } from "../components/PrivateFeed.tsx";
import { RequireUser } from "../components/RequireUser.tsx";
import { send } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { forgetOfflineData } from "../lib/offline.ts";
import { isCoordinator, useSession } from "../lib/session.tsx";

/** `/account`: who you are, your organisations, your feed, follows, digest and API tokens, sign out. */
export function AccountRoute() {
  const { refresh } = useSession();
  const { route } = useLocation();
  async function signOut() {
    await send("POST", "/api/auth/sign-out", {});
    await forgetOfflineData();
    refresh();
    route("/");
  }
  return (
    <RequireUser>
      {(user) => (
        <section class="narrow">
          <h1>{t("account.title")}</h1>
          <dl class="event-facts">
            <dt>{t("account.email")}</dt>
            <dd>{user.email}</dd>
            <dt>{t("account.role")}</dt>
            <dd>{t(`role.${user.role}`)}</dd>
            <dt>{t("account.organisations")}</dt>
            <dd>{user.organisations.length ? user.organisations.map((o) => o.name).join(", ") : t("account.noOrganisations")}</dd>
          </dl>
          {(user.organisations.length > 0 || isCoordinator(user)) && (
            <p>
              <a href="/webhooks">{t("webhooks.link")}</a>
            </p>
          )}
          <PrivateFeed user={user} onChanged={refresh} />
          <FollowList userId={user.id} />
          <DigestSubscription />
          <ApiTokens user={user} />
          <p>
            <button type="button" onClick={signOut}>
              {t("account.signOut")}
            </button>
          </p>
        </section>
      )}
    </RequireUser>
  );
}
