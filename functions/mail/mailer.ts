/**
 * The Mailer: one interface, two real transports chosen by configuration.
 * - `cloudflare`: Cloudflare Email Service through the `send_email` binding (env.EMAIL);
 * - `smtp`: an SMTP relay over `cloudflare:sockets` (the local mail catcher in development).
 * Messages are built once (message.ts) and both transports send the same MIME.
 */
import { EmailMessage } from "cloudflare:email";
import { buildMime, type MailAddress, type MailMessage } from "./message.ts";
import { SmtpSession, type SmtpConfig } from "./smtp.ts";

export interface Mailer {
  /** Sends one message; resolves with its Message-ID once the transport accepted it. */
  send(message: MailMessage): Promise<string>;
  /**
   * For many messages in a row (a digest tick): one connection for all of them where the transport
   * has connections (SMTP). Send through the batch, then `close()` it.
   */
  batch?(): MailBatch;
}

export interface MailBatch {
  send(message: MailMessage): Promise<string>;
  close(): Promise<void>;
}

export type MailConfig = { transport: "cloudflare"; from: MailAddress; binding: SendEmail } | { transport: "smtp"; from: MailAddress; smtp: SmtpConfig };

export function createMailer(config: MailConfig, newId: () => string = () => crypto.randomUUID()): Mailer {
  const domain = config.from.address.split("@")[1];
  /** Sends through `smtp` (a session) or the Email Service binding. */
  const deliver = async (message: MailMessage, smtp: SmtpSession | null): Promise<string> => {
    const messageId = message.messageId ?? `${newId()}@${domain}`;
    const raw = buildMime(message, config.from, { messageId, date: new Date() });
    if (config.transport === "cloudflare") {
      await config.binding.send(new EmailMessage(config.from.address, message.to, raw));
    } else {
      await smtp!.send({ from: config.from.address, to: message.to }, raw);
    }
    return messageId;
  };
  return {
    async send(message) {
      if (config.transport === "cloudflare") return deliver(message, null);
      const session = new SmtpSession(config.smtp);
      try {
        return await deliver(message, session);
      } finally {
        await session.close();
      }
    },
    batch() {
      const session = config.transport === "smtp" ? new SmtpSession(config.smtp) : null;
      return { send: (message) => deliver(message, session), close: async () => session?.close() };
    },
  };
}
