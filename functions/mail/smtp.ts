/**
 * A small SMTP client (RFC 5321) over `cloudflare:sockets`, for organisations that must send
 * through their own relay. It speaks just what submission needs: EHLO, STARTTLS or implicit TLS,
 * AUTH PLAIN, MAIL / RCPT / DATA with dot-stuffing, QUIT. Every reply is checked; an unexpected
 * one aborts with the server's text (never the message or credentials).
 */
import { connect } from "cloudflare:sockets";

export interface SmtpConfig {
  host: string;
  port: number;
  /** "tls": TLS from the start (port 465); "starttls": upgrade after EHLO (587); "none": plain (local catchers only). */
  security: "tls" | "starttls" | "none";
  user?: string;
  password?: string;
  /** Name we greet with. */
  helo: string;
  timeoutMs?: number;
}

export class SmtpError extends Error {
  override name = "SmtpError";
  readonly code: number;
  constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

interface Reply {
  code: number;
  lines: string[];
}

class Connection {
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  private writer: WritableStreamDefaultWriter<Uint8Array>;
  private buffer = "";
  private decoder = new TextDecoder();
  private encoder = new TextEncoder();
  readonly socket: Socket;
  constructor(socket: Socket) {
    this.socket = socket;
    this.reader = socket.readable.getReader();
    this.writer = socket.writable.getWriter();
  }

  release() {
    this.reader.releaseLock();
    this.writer.releaseLock();
  }

  async write(data: string) {
    await this.writer.write(this.encoder.encode(data));
  }

  private async line(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf("\r\n");
      if (end >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return line;
      }
      const { value, done } = await this.reader.read();
      if (done) throw new SmtpError("The SMTP server closed the connection", 0);
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Reads one (possibly multi-line) reply and checks its code. */
  async reply(expected: number[]): Promise<Reply> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.line();
      lines.push(line.slice(4));
      if (line[3] !== "-") {
        const code = Number(line.slice(0, 3));
        if (!expected.includes(code)) throw new SmtpError(`SMTP ${code}: ${lines.join(" ").slice(0, 200)}`, code);
        return { code, lines };
      }
    }
  }

  async command(cmd: string, expected: number[]): Promise<Reply> {
    await this.write(`${cmd}\r\n`);
    return this.reply(expected);
  }
}

/** Lines starting with a dot get another (RFC 5321 §4.5.2); the message must use CRLF. */
function dotStuff(raw: string): string {
  return raw.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..");
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SmtpError(`SMTP timed out after ${ms} ms`, 0)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Delivers one message to one recipient. */
export async function sendSmtp(config: SmtpConfig, envelope: { from: string; to: string }, raw: string): Promise<void> {
  const socket = connect(
    { hostname: config.host, port: config.port },
    { secureTransport: config.security === "tls" ? "on" : config.security === "starttls" ? "starttls" : "off", allowHalfOpen: false },
  );
  let conn = new Connection(socket);
  try {
    await withTimeout(
      (async () => {
        await conn.reply([220]);
        let ehlo = await conn.command(`EHLO ${config.helo}`, [250]);
        if (config.security === "starttls") {
          if (!ehlo.lines.some((l) => /^STARTTLS\b/i.test(l))) throw new SmtpError("The SMTP server does not offer STARTTLS", 0);
          await conn.command("STARTTLS", [220]);
          conn.release();
          conn = new Connection(socket.startTls());
          ehlo = await conn.command(`EHLO ${config.helo}`, [250]);
        }
        if (config.user) {
          const credentials = btoa(String.fromCharCode(...new TextEncoder().encode(`\u0000${config.user}\u0000${config.password ?? ""}`)));
          await conn.command(`AUTH PLAIN ${credentials}`, [235]);
        }
        await conn.command(`MAIL FROM:<${envelope.from}>`, [250]);
        await conn.command(`RCPT TO:<${envelope.to}>`, [250, 251]);
        await conn.command("DATA", [354]);
        const body = dotStuff(raw);
        await conn.write(`${body}${body.endsWith("\r\n") ? "" : "\r\n"}.\r\n`);
        await conn.reply([250]);
        await conn.command("QUIT", [221]).catch(() => undefined);
      })(),
      config.timeoutMs ?? 15_000,
    );
  } finally {
    await conn.socket.close().catch(() => undefined);
  }
}
