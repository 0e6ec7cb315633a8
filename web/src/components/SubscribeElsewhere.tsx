import { subscribeTargets } from "../lib/subscribe-links.ts";
import { t } from "../lib/i18n.ts";

/**
 * One-click subscriptions in Google Calendar, Outlook.com and Outlook for Microsoft 365, and the
 * feed's https address to paste into any other app (shown when given an `id` for its field).
 * Loaded when a reader opens a subscribe panel.
 */
export function SubscribeElsewhere({ feedUrl, name, id }: { feedUrl: string; name: string; id?: string }) {
  const to = subscribeTargets(feedUrl, name);
  return (
    <div class="subscribe-elsewhere">
      <ul class="subscribe-services">
        <li>
          <a href={to.google} rel="external noopener">
            {t("subscribe.google")}
          </a>
        </li>
        <li>
          <a href={to.outlook} rel="external noopener">
            {t("subscribe.outlook")}
          </a>
        </li>
        <li>
          <a href={to.office} rel="external noopener">
            {t("subscribe.office")}
          </a>
        </li>
      </ul>
      {id && (
        <div class="field">
          <label for={id}>{t("subscribe.address")}</label>
          <input id={id} readOnly value={to.https} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
    </div>
  );
}
