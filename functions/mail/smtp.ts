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

  /** Reads one (possibly multi-line) reply, whatever its code. */
  async anyReply(): Promise<Reply> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.line();
      lines.push(line.slice(4));
      if (line[3] !== "-") return { code: Number(line.slice(0, 3)), lines };
    }
  }

  /** Reads one (possibly multi-line) reply and checks its code. */
  async reply(expected: number[]): Promise<Reply> {
    return checked(await this.anyReply(), expected);
  }

  async command(cmd: string, expected: number[]): Promise<Reply> {
    await this.write(`${cmd}\r\n`);
    return this.reply(expected);
  }
}

function checked(reply: Reply, expected: number[]): Reply {
  if (!expected.includes(reply.code)) throw new SmtpError(`SMTP ${reply.code}: ${reply.lines.join(" ").slice(0, 200)}`, reply.code);
  return reply;
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

type Envelope = { from: string; to: string };

/** How many messages one connection carries before it is closed and a new one opened. */
const MESSAGES_PER_CONNECTION = 100;

/**
 * One SMTP connection for many messages (a digest tick, an outbox chunk): the greeting, EHLO,
 * STARTTLS and AUTH once, then MAIL / RCPT / DATA per message, pipelined (RFC 2920) when the
 * server offers PIPELINING, so a message costs one round trip for its envelope and one for its
 * data. A failed message closes the connection (its state is then unknown) and the next message
 * opens a new one; `close()` ends it with QUIT.
 */
export class SmtpSession {
  private readonly config: SmtpConfig;
  private open: { conn: Connection; pipelining: boolean; sent: number } | null = null;

  constructor(config: SmtpConfig) {
    this.config = config;
  }

  private async connect(): Promise<{ conn: Connection; pipelining: boolean; sent: number }> {
    const config = this.config;
    const socket = connect(
      { hostname: config.host, port: config.port },
      { secureTransport: config.security === "tls" ? "on" : config.security === "starttls" ? "starttls" : "off", allowHalfOpen: false },
    );
    let conn = new Connection(socket);
    try {
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
      return { conn, pipelining: ehlo.lines.some((l) => /^PIPELINING\b/i.test(l)), sent: 0 };
    } catch (error) {
      await conn.socket.close().catch(() => undefined);
      throw error;
    }
  }

  /** Delivers one message to one recipient over the session's connection. */
  async send(envelope: Envelope, raw: string): Promise<void> {
    try {
      await withTimeout(
        (async () => {
          this.open ??= await this.connect();
          const { conn, pipelining } = this.open;
          if (pipelining) {
            // All three replies are read before any is judged: a connection closed with replies
            // unread is reset rather than closed.
            await conn.write(`MAIL FROM:<${envelope.from}>\r\nRCPT TO:<${envelope.to}>\r\nDATA\r\n`);
            const replies = [await conn.anyReply(), await conn.anyReply(), await conn.anyReply()];
            checked(replies[0], [250]);
            checked(replies[1], [250, 251]);
            checked(replies[2], [354]);
          } else {
            await conn.command(`MAIL FROM:<${envelope.from}>`, [250]);
            await conn.command(`RCPT TO:<${envelope.to}>`, [250, 251]);
            await conn.command("DATA", [354]);
          }
          const body = dotStuff(raw);
          await conn.write(`${body}${body.endsWith("\r\n") ? "" : "\r\n"}.\r\n`);
          await conn.reply([250]);
        })(),
        this.config.timeoutMs ?? 15_000,
      );
    } catch (error) {
      await this.drop();
      throw error;
    }
    if (++this.open!.sent >= MESSAGES_PER_CONNECTION) await this.close();
  }

  private async drop(): Promise<void> {
    const open = this.open;
    this.open = null;
    await open?.conn.socket.close().catch(() => undefined);
  }

  /** Says QUIT and closes the connection, if one is open. */
  async close(): Promise<void> {
    const open = this.open;
    if (!open) return;
    await withTimeout(open.conn.command("QUIT", [221]), 5_000).catch(() => undefined);
    await this.drop();
  }
}
