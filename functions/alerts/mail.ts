/**
 * The frame of an alert mail: the sections of one person's batch, an intro and a footer with the
 * "turn off all alerts" link, as a plain-text part (always) and an HTML part written with
 * hono/html (the sections' fragments are already escaped html results). Headers as the digest's:
 * RFC 8058 one-click List-Unsubscribe for all alerts.
 */
import { html, raw } from "hono/html";
import type { Config } from "../env.ts";
import { htmlString } from "../http.ts";
import { plural, type ServerMessages } from "../i18n/messages.ts";
import type { MailMessage } from "../mail/message.ts";
import type { AlertKind, AlertSection } from "./alerts.types.ts";

const FONT = "font-family:Segoe UI,Helvetica,Arial,sans-serif;";
/** Sections appear in this order; review items are one list under one heading. */
const ORDER: AlertKind[] = ["clash", "change", "review"];

export function alertMail(
  config: Config,
  to: string,
  messages: ServerMessages,
  language: string,
  sections: { kind: AlertKind; section: AlertSection }[],
  stopUrl: string,
  messageId: string,
): MailMessage {
  const t = messages.alerts;
  const sorted = [...sections].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const subject = sorted.length === 1 && sorted[0].section.subject ? sorted[0].section.subject : plural(language, t.subject, sorted.length);
  const plain = sorted.filter((s) => s.kind !== "review").map((s) => s.section.text);
  const reviews = sorted.filter((s) => s.kind === "review");
  if (reviews.length) plain.push([t.reviewHeading, "-".repeat(t.reviewHeading.length), ...reviews.map((s) => s.section.text)].join("\n"));
  const text = [t.intro, "", plain.join("\n\n"), "", "--", t.footer, `${t.stop}: ${stopUrl}`].join("\n");
  const body = html`<!DOCTYPE html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#ffffff;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;"><tr><td style="${FONT}color:#1a1a1a;">
<p style="font-size:15px;">${t.intro}</p>
${sorted.filter((s) => s.kind !== "review").map((s) => raw(s.section.html))}
${reviews.length ? html`<h2 style="font-size:18px;margin:16px 0 4px 0;border-bottom:2px solid #0b5394;">${t.reviewHeading}</h2><ul>${reviews.map((s) => raw(s.section.html))}</ul>` : ""}
<p style="font-size:13px;color:#4a4a4a;padding-top:16px;border-top:1px solid #cccccc;">${t.footer}<br><a href="${stopUrl}" style="color:#0b5394;">${t.stop}</a></p>
</td></tr></table></td></tr></table>
</body></html>`;
  return {
    to,
    subject,
    text,
    html: htmlString(body),
    headers: {
      "List-Unsubscribe": `<${stopUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-Id": `Northern Dimension calendar alerts <alerts.${new URL(config.PUBLIC_ORIGIN).hostname}>`,
      "Auto-Submitted": "auto-generated",
    },
    messageId,
  };
}
