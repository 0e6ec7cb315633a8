import { useState } from "preact/hooks";
import { t } from "../lib/i18n.ts";

interface Organisation {
  id: string;
  name: string;
  shortName: string | null;
}

interface Props {
  id: string;
  legend: string;
  organisations: Organisation[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}

/** Lower case without accents, so "sodertorn" finds "Södertörn". */
const folded = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();

/**
 * Choosing organisations from a long list: type part of a name (or short name) to narrow it,
 * tick checkboxes; the chosen ones stay listed above, each with a button to remove it. The list
 * opens when the picker has focus or a search. Every part
 * is a native control, so Tab, Space and a screen reader work as they do anywhere.
 */
export function OrganisationPicker({ id, legend, organisations, chosen, onChange, error }: Props) {
  const [query, setQuery] = useState("");
  // The list shows while the person is in the picker or has typed: elsewhere a long list of
  // checkboxes would only lengthen the form.
  const [browsing, setBrowsing] = useState(false);
  const q = folded(query.trim());
  const shown = q ? organisations.filter((o) => folded(`${o.name} ${o.shortName ?? ""}`).includes(q)) : organisations;
  const open = browsing || q !== "";
  const toggle = (orgId: string) => onChange(chosen.includes(orgId) ? chosen.filter((x) => x !== orgId) : [...chosen, orgId]);
  const picked = chosen.map((c) => organisations.find((o) => o.id === c)).filter((o): o is Organisation => !!o);
  const described = [`${id}-hint`, error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <fieldset
      id={id}
      class="org-picker"
      aria-describedby={described}
      onFocusIn={() => setBrowsing(true)}
      onFocusOut={(e) => {
        // Only when focus lands elsewhere: a click that focuses nothing (Safari on a checkbox) keeps it open.
        const next = e.relatedTarget as Node | null;
        if (next && !e.currentTarget.contains(next)) setBrowsing(false);
      }}
    >
      <legend>{legend}</legend>
      <p id={`${id}-hint`} class="hint">
        {t("form.coOrganisersHint")}
      </p>
      <p id={`${id}-chosen`} class="visually-hidden">
        {t("form.coOrganisersChosen")}
      </p>
      {picked.length ? (
        <ul class="plain chips" aria-labelledby={`${id}-chosen`}>
          {picked.map((o) => (
            <li key={o.id} class="chip">
              <span>{o.shortName ?? o.name}</span>
              <button type="button" class="chip-remove" onClick={() => toggle(o.id)}>
                <span class="visually-hidden">{t("form.coOrganisersRemove", { name: o.name })}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">{t("form.coOrganisersNone")}</p>
      )}
      <label for={`${id}-find`}>{t("form.coOrganisersFind")}</label>
      <input
        id={`${id}-find`}
        type="search"
        value={query}
        maxLength={100}
        autoComplete="off"
        onInput={(e) => setQuery(e.currentTarget.value)}
        aria-controls={open ? `${id}-options` : undefined}
      />
      {open && (
        <ul id={`${id}-options`} class="plain org-options">
          {shown.map((o) => (
            <li key={o.id}>
              <label>
                <input type="checkbox" checked={chosen.includes(o.id)} onChange={() => toggle(o.id)} /> {o.name}
                {o.shortName && o.shortName !== o.name && <span class="meta">{o.shortName}</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
      <p role="status" class="hint">
        {q && shown.length === 0 ? t("form.coOrganisersNoMatch") : ""}
      </p>
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
