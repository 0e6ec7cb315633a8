import { useState } from "preact/hooks";
import { RequireUser } from "../components/RequireUser.tsx";
import { errorMessage, fetchUsers, send, type UserRow } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";
import { USER_ROLES as ROLES } from "../../../db/enums.ts";

/** `/admin/users`: admins grant and take away roles. */
export function UsersRoute() {
  return <RequireUser allow={(u) => u.role === "admin"}>{() => <Users />}</RequireUser>;
}

function Users() {
  const [reload, setReload] = useState(0);
  const [state] = useRequest(String(reload), fetchUsers);
  const [message, setMessage] = useState<{ role: "status" | "alert"; text: string } | null>(null);
  async function setRole(user: UserRow, role: string) {
    try {
      await send("PUT", `/api/users/${user.id}/role`, { role });
      setMessage({ role: "status", text: t("users.saved") });
    } catch (error) {
      setMessage({ role: "alert", text: errorMessage(error) });
    }
    setReload((n) => n + 1);
  }
  return (
    <section>
      <h1>{t("users.title")}</h1>
      {message && <p role={message.role}>{message.text}</p>}
      {state.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {state.status === "done" && (
        <ul class="plain event-list">
          {state.data.users.map((u) => (
            <li key={u.id}>
              <label for={`role-${u.id}`}>{t("users.role", { email: u.email })}</label>{" "}
              <select id={`role-${u.id}`} value={u.role} onChange={(e) => setRole(u, e.currentTarget.value)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
