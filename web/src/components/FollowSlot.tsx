import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { withMoreTexts } from "../lib/i18n.ts";
import { useSession } from "../lib/session.tsx";
import type { FollowButtonProps } from "./FollowButton.tsx";

let loaded: ComponentType<FollowButtonProps> | undefined;

/**
 * Where a Follow button goes. The button and its code are fetched only for a signed-in reader, so
 * the public calendar's first load carries none of it; signed-out readers see nothing here.
 */
export function FollowSlot(props: FollowButtonProps) {
  const { user } = useSession();
  const [Button, setButton] = useState(() => loaded);
  useEffect(() => {
    if (!user || Button) return;
    void withMoreTexts(import("./FollowButton.tsx")).then((m) => {
      loaded = m.FollowButton;
      setButton(() => m.FollowButton);
    });
  }, [user, Button]);
  return user && Button ? <Button {...props} /> : null;
}
