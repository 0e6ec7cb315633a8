import { useState } from "preact/hooks";
import { send, type Me } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { SubscribeElsewhere } from "./SubscribeElsewhere.tsx";

/** Make, replace or stop the personal feed address (shown once, when made). */
export function PrivateFeed({ user, onChanged }: { user: Me; onChanged: () => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  async function make() {
    const { body } = await send<{ url: string }>("POST", "/api/me/feed-token", {});
    setUrl(body.url);
    setNotice(null);
    onChanged();
  }
  async function revoke() {
    await send("DELETE", "/api/me/feed-token");
    setUrl(null);
    setNotice(t("privateFeed.revoked"));
    onChanged();
  }
  return (
    <section aria-labelledby="private-feed-heading">
      <h2 id="private-feed-heading">{t("privateFeed.title")}</h2>
      <p>{t("privateFeed.intro")}</p>
      {url ? (
        <div class="field">
          <label for="private-feed-url">{t("privateFeed.address")}</label>
          <input id="private-feed-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          <p>
            <a class="button" href={url.replace(/^https?:/, "webcal:")}>
              {t("privateFeed.subscribe")}
            </a>
          </p>
          <SubscribeElsewhere feedUrl={url} name={t("privateFeed.title")} />
        </div>
      ) : (
        user.hasPrivateFeed && <p>{t("privateFeed.exists")}</p>
      )}
      <p class="form-actions">
        <button type="button" onClick={make}>
          {user.hasPrivateFeed || url ? t("privateFeed.replace") : t("privateFeed.create")}
        </button>
        {(user.hasPrivateFeed || url) && (
          <button type="button" onClick={revoke}>
            {t("privateFeed.revoke")}
          </button>
        )}
      </p>
      {notice && <p role="status">{notice}</p>}
    </section>
  );
}
