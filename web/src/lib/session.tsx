import { createContext, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import { fetchMe, fetchVocabulary, type Me } from "./api.ts";
import { currentLanguage, rememberLocale, setLocale } from "./i18n.ts";
import { toLocale } from "../../../functions/i18n/locales.ts";

interface Session {
  /** undefined while loading, null when signed out. */
  user: Me | null | undefined;
  refresh(): void;
}

const SessionContext = createContext<Session>({ user: undefined, refresh: () => undefined });

/** Who is signed in, asked once per page load and again after signing in or out. */
export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [user, setUser] = useState<Me | null | undefined>(undefined);
  const refresh = useCallback(() => {
    fetchMe().then(
      (r) => {
        // The account's language wins over this browser's (chosen on another device, say).
        const chosen = toLocale(r.user?.locale);
        if (chosen && chosen !== currentLanguage()) {
          rememberLocale(chosen);
          void setLocale(chosen);
        }
        setUser(r.user);
      },
      () => setUser(null),
    );
  }, []);
  useEffect(refresh, [refresh]);
  return <SessionContext.Provider value={{ user, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}

export function isCoordinator(user: Me | null | undefined): boolean {
  return user?.role === "coordinator" || user?.role === "admin";
}

/** An organisation a person manages things for (tokens, feeds, webhooks). */
export type ManagedOrganisation = { id: string; slug: string; name: string };

/**
 * The organisations `user` manages things for: their own, or for a coordinator every
 * organisation (loaded once the component shows; empty until then).
 */
export function useManagedOrganisations(user: Me): ManagedOrganisation[] {
  const coordinator = isCoordinator(user);
  const [all, setAll] = useState<ManagedOrganisation[] | null>(null);
  useEffect(() => {
    if (coordinator)
      fetchVocabulary().then(
        (v) => setAll(v.organisations),
        () => undefined,
      );
  }, [coordinator]);
  return coordinator ? (all ?? []) : user.organisations;
}
