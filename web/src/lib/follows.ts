/**
 * The signed-in reader's follows, loaded once per account and shared by every Follow button and
 * the account page's list, so a button pressed in one place shows pressed everywhere.
 */
import { useEffect, useState } from "preact/hooks";
import type { FollowKind, FollowsResponse, FollowView } from "../../../functions/alerts/follows.types.ts";
import { getApi, send } from "./api.ts";

export type { FollowKind, FollowView };

let owner: string | null = null;
let follows: FollowView[] | null = null;
/** Whether the list of `owner` is loaded or on its way (false after a failed load, to try again). */
let requested = false;
const listeners = new Set<() => void>();
const changed = () => {
  for (const l of listeners) l();
};

function load(userId: string): void {
  if (owner === userId && requested) return;
  owner = userId;
  follows = null;
  requested = true;
  void getApi<FollowsResponse>("/api/follows").then(
    (r) => {
      if (owner === userId) follows = r.follows;
      changed();
    },
    () => {
      requested = false;
      changed();
    },
  );
}

/** The follows of `userId` (null while they load); re-renders when any of them changes. */
export function useFollows(userId: string): FollowView[] | null {
  const [, redraw] = useState(0);
  useEffect(() => {
    const listener = () => redraw((n) => n + 1);
    listeners.add(listener);
    load(userId);
    return () => {
      listeners.delete(listener);
    };
  }, [userId]);
  return owner === userId ? follows : null;
}

export async function follow(kind: FollowKind, target: string): Promise<void> {
  const { body } = await send<FollowView>("POST", "/api/follows", { kind, target });
  follows = [...(follows ?? []).filter((f) => f.id !== body.id), body];
  changed();
}

export async function unfollow(id: string): Promise<void> {
  await send("DELETE", `/api/follows/${encodeURIComponent(id)}`);
  follows = (follows ?? []).filter((f) => f.id !== id);
  changed();
}
