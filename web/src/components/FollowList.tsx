import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { unfollow, useFollows, type FollowView } from "../lib/follows.ts";
import { countryName, t, termLabel } from "../lib/i18n.ts";

/** A follow's target in words, and its page where it has one. */
function targetOf(f: FollowView): { name: string; href: string | null } {
  if (f.kind === "country") return { name: countryName(f.target), href: `/?country=${f.target}` };
  if (f.kind === "topic") return { name: termLabel("topic", f.target), href: `/?topic=${f.target}` };
  if (f.kind === "organisation") return { name: f.name ?? f.target, href: f.slug ? `/organisations/${f.slug}` : null };
  return f.name && f.slug ? { name: f.name, href: `/events/${f.slug}` } : { name: t("follows.hidden"), href: null };
}

/** The account page's list of what the person follows, each with its own button to stop. */
export function FollowList({ userId }: { userId: string }) {
  const follows = useFollows(userId);
  const [notice, setNotice] = useState<string | null>(null);
  async function stop(f: FollowView, name: string) {
    try {
      await unfollow(f.id);
      setNotice(t("follows.removed", { name }));
    } catch (e) {
      setNotice(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="follows-heading" class="follow-list">
      <h2 id="follows-heading">{t("follows.title")}</h2>
      <p>{t("follows.intro")}</p>
      {follows === null ? (
        <p role="status">{t("common.loading")}</p>
      ) : follows.length === 0 ? (
        <p>{t("follows.none")}</p>
      ) : (
        <ul>
          {follows.map((f) => {
            const { name, href } = targetOf(f);
            return (
              <li key={f.id}>
                <span class="follow-kind">{t(`follows.kind.${f.kind}`)}</span> {href ? <a href={href}>{name}</a> : <span>{name}</span>}{" "}
                <button type="button" onClick={() => stop(f, name)}>
                  {t("follows.unfollow")}
                  <span class="visually-hidden"> {name}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <p role="status">{notice}</p>
    </section>
  );
}
