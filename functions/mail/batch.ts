/** Many messages through one mailer: kept apart from ./mailer.ts, so the callers need no transport modules. */
import type { MailBatch, Mailer } from "./mailer.ts";

/** `mailer`'s batch, or its plain `send` one message at a time when it has none. */
export function mailBatch(mailer: Mailer): MailBatch {
  return mailer.batch?.() ?? { send: (message) => mailer.send(message), close: async () => undefined };
}
