import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { follow, unfollow, useFollows, type FollowKind } from "../lib/follows.ts";
import { t } from "../lib/i18n.ts";
import { useSession } from "../lib/session.tsx";

export interface FollowButtonProps {
  kind: FollowKind;
  target: string;
  /** Names the target on the button, where a page may show more than one. */
  name?: string;
}

/** "Follow" / "Following": a toggle (aria-pressed) that follows or stops following one thing. */
export function FollowButton({ kind, target, name }: FollowButtonProps) {
  const { user } = useSession();
  const follows = useFollows(user?.id ?? "");
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!user || !follows) return null;
  const current = follows.find((f) => f.kind === kind && f.target === target);
  async function toggle() {
    setWorking(true);
    setError(null);
    try {
      if (current) await unfollow(current.id);
      else await follow(kind, target);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setWorking(false);
    }
  }
  const label = current ? (name ? t("follow.followingNamed", { name }) : t("follow.following")) : name ? t("follow.followNamed", { name }) : t("follow.follow");
  return (
    <span class="follow">
      <button type="button" class="follow-button" aria-pressed={current ? "true" : "false"} disabled={working} onClick={toggle}>
        {current && <span aria-hidden="true">✓ </span>}
        {label}
      </button>
      {error && <span role="alert">{error}</span>}
    </span>
  );
}
