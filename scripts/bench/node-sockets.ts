/**
 * `cloudflare:sockets` and `cloudflare:email` for the benches in Node, so the digest bench sends
 * through the Worker's own SMTP client (functions/mail/smtp.ts) to a real SMTP server on loopback.
 * Plain TCP only (the bench's server speaks no TLS). Registered with `useNodeSockets()` before the
 * mail modules are imported.
 */
import { registerHooks } from "node:module";
import { connect as netConnect } from "node:net";
import { Duplex } from "node:stream";

/** A Workers-like socket over node:net: `readable`, `writable`, `close()`. */
export function connect(address: { hostname: string; port: number }) {
  const socket = netConnect({ host: address.hostname, port: address.port });
  socket.setNoDelay(true);
  const { readable, writable } = Duplex.toWeb(socket) as unknown as { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };
  return {
    readable,
    writable,
    closed: new Promise<void>((resolve) => socket.once("close", () => resolve())),
    async close() {
      socket.destroy();
    },
    startTls(): never {
      throw new Error("The bench's SMTP server speaks no TLS");
    },
  };
}

export class EmailMessage {
  constructor() {
    throw new Error("cloudflare:email is only available in the Workers runtime");
  }
}

/** Maps the two `cloudflare:` modules onto this file for everything imported afterwards. */
export function useNodeSockets(): void {
  const self = import.meta.url;
  registerHooks({
    resolve(specifier, context, next) {
      if (specifier === "cloudflare:sockets" || specifier === "cloudflare:email") return { url: self, shortCircuit: true };
      return next(specifier, context);
    },
  });
}
