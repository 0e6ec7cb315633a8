/**
 * Outgoing messages as MIME (RFC 5322 / 2045), built with mimetext. Both transports send exactly
 * these bytes, so the guarantees below hold whichever one is configured:
 * - no CR or LF from data reaches a header: header values are folded to one line first, and the
 *   subject and display names are RFC 2047 encoded;
 * - bodies and attachments are base64 in lines of 76, so no line exceeds SMTP's limit and
 *   non-ASCII text survives every relay.
 */
import { createMimeMessage } from "mimetext/browser";

export interface MailAddress {
  name?: string;
  address: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Raw bytes or text (encoded as UTF-8). */
  content: Uint8Array | string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /** Extra headers such as List-Unsubscribe; names must be plain header names. */
  headers?: Record<string, string>;
  /** A fixed Message-ID (without brackets), so that a retried send is recognisably the same message. */
  messageId?: string;
}

/** The longest subject we send; longer ones are cut with an ellipsis. */
const MAX_SUBJECT = 200;
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;

/** One line: any run of CR, LF and other control characters becomes a single space. */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

/** True for an address we are willing to put in an envelope and a header. */
export function isMailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

const BASE64 = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
const encoder = new TextEncoder();
const ascii = new TextDecoder();

/**
 * Base64 in lines of 76 characters (57 bytes each), CRLF between them: the same text as btoa and
 * a split, written straight into one buffer, since a digest's parts run to tens of kilobytes each
 * and building that text through strings was most of the time a run spent on a message.
 */
function base64Lines(content: Uint8Array | string): string {
  const bytes = typeof content === "string" ? encoder.encode(content) : content;
  const lineCount = Math.ceil(bytes.length / 57);
  const out = new Uint8Array(Math.max(0, Math.ceil(bytes.length / 3) * 4 + (lineCount - 1) * 2));
  let o = 0;
  for (let start = 0; start < bytes.length; start += 57) {
    if (start > 0) {
      out[o++] = 13;
      out[o++] = 10;
    }
    const end = Math.min(start + 57, bytes.length);
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out[o++] = BASE64[n >> 18];
      out[o++] = BASE64[(n >> 12) & 63];
      out[o++] = BASE64[(n >> 6) & 63];
      out[o++] = BASE64[n & 63];
    }
    if (end - i > 0) {
      const n = (bytes[i] << 16) | (end - i === 2 ? bytes[i + 1] << 8 : 0);
      out[o++] = BASE64[n >> 18];
      out[o++] = BASE64[(n >> 12) & 63];
      out[o++] = end - i === 2 ? BASE64[(n >> 6) & 63] : 61;
      out[o++] = 61;
    }
  }
  return ascii.decode(out);
}

/** Builds the complete message as it goes on the wire (CRLF line ends). */
export function buildMime(message: MailMessage, from: MailAddress, options: { messageId: string; date: Date }): string {
  if (!isMailAddress(message.to)) throw new Error("Recipient is not a valid address");
  if (!isMailAddress(from.address)) throw new Error("Sender is not a valid address");
  const mime = createMimeMessage();
  mime.setSender(from.name ? { name: oneLine(from.name), addr: from.address } : { addr: from.address });
  mime.setRecipient(message.to);
  let subject = oneLine(message.subject);
  if (subject.length > MAX_SUBJECT) subject = `${subject.slice(0, MAX_SUBJECT - 1)}…`;
  mime.setSubject(subject);
  mime.setHeader("Message-ID", `<${options.messageId}>`);
  mime.setHeader("Date", options.date.toUTCString().replace("GMT", "+0000"));
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new Error(`Invalid header name ${JSON.stringify(name)}`);
    mime.setHeader(name, oneLine(value));
  }
  mime.addMessage({ contentType: "text/plain", charset: "UTF-8", encoding: "base64", data: base64Lines(message.text) });
  if (message.html) mime.addMessage({ contentType: "text/html", charset: "UTF-8", encoding: "base64", data: base64Lines(message.html) });
  for (const a of message.attachments ?? []) {
    mime.addAttachment({
      filename: oneLine(a.filename).replace(/["\\]/g, "_"),
      contentType: oneLine(a.contentType),
      encoding: "base64",
      data: base64Lines(a.content),
    });
  }
  return mime.asRaw();
}
