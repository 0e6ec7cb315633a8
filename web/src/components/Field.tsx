import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { FieldIssue } from "../lib/api.ts";
import { t } from "../lib/i18n.ts";
import { fieldLabel, ruleText } from "../lib/rules.ts";

/** The first error the API reported for a field (or one of its items), in the reader's language. */
export function errorFor(issues: FieldIssue[], field: string): string | undefined {
  const issue = issues.find((i) => i.field === field || i.field.startsWith(`${field}[`));
  return issue === undefined ? undefined : ruleText(issue);
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
}

/** A label, a control and its error, wired together for screen readers. */
export function Field({ id, label, error, hint, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field${error ? " has-error" : ""}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {children(described, !!error)}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A list of the form's errors that takes focus when it appears. */
export function ErrorSummary({ message, issues }: { message: string; issues: FieldIssue[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [message, issues]);
  return (
    <div class="error-box" role="alert" tabIndex={-1} ref={ref}>
      <p>{issues.length ? t("form.errors") : message}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={i.field}>
              <a href={`#f-${i.field.replace(/\[.*$/, "")}`}>
                {fieldLabel(i.field)}: {ruleText(i)}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
