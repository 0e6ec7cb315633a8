import type { Bindings, Config } from "../env.ts";
import { mailBatch } from "./batch.ts";
import { createMailer, type Mailer } from "./mailer.ts";

/**
 * The Mailer the configuration asks for. Built on first use, so a request that sends nothing does
 * not depend on the mail settings.
 */
export function mailerFromConfig(config: Config, env: Bindings): Mailer {
  let mailer: Mailer | undefined;
  const build = (): Mailer => {
    if (config.MAIL_TRANSPORT === "smtp") {
      return createMailer({
        transport: "smtp",
        from: config.MAIL_FROM,
        smtp: {
          host: config.SMTP_HOST!,
          port: config.SMTP_PORT,
          security: config.SMTP_SECURITY,
          user: config.SMTP_USER,
          password: config.SMTP_PASSWORD,
          helo: new URL(config.PUBLIC_ORIGIN).hostname,
        },
      });
    }
    if (!env.EMAIL) throw new Error("MAIL_TRANSPORT is cloudflare but the EMAIL send_email binding is missing");
    return createMailer({ transport: "cloudflare", from: config.MAIL_FROM, binding: env.EMAIL });
  };
  return {
    send: (message) => {
      mailer ??= build();
      return mailer.send(message);
    },
    batch: () => {
      mailer ??= build();
      return mailBatch(mailer);
    },
  };
}
