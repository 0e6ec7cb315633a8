/**
 * The Mailer: one interface, two real transports chosen by configuration.
 * - `cloudflare`: Cloudflare Email Service through the `send_email` binding (env.EMAIL);
 * - `smtp`: an SMTP relay over `cloudflare:sockets` (the local mail catcher in development).
 * Messages are built once (message.ts) and both transports send the same MIME.
 */
import { EmailMessage } from "cloudflare:email";
import { buildMime, type MailAddress, type MailMessage } from "./message.ts";
import { sendSmtp, type SmtpConfig } from "./smtp.ts";

export interface Mailer {
  /** Sends one message; resolves with its Message-ID once the transport accepted it. */
  send(message: MailMessage): Promise<string>;
}

export type MailConfig = { transport: "cloudflare"; from: MailAddress; binding: SendEmail } | { transport: "smtp"; from: MailAddress; smtp: SmtpConfig };

export function createMailer(config: MailConfig, newId: () => string = () => crypto.randomUUID()): Mailer {
  return {
    async send(message) {
      const domain = config.from.address.split("@")[1];
      const messageId = message.messageId ?? `${newId()}@${domain}`;
      const raw = buildMime(message, config.from, { messageId, date: new Date() });
      if (config.transport === "cloudflare") {
        await config.binding.send(new EmailMessage(config.from.address, message.to, raw));
      } else {
        await sendSmtp(config.smtp, { from: config.from.address, to: message.to }, raw);
      }
      return messageId;
    },
  };
}
