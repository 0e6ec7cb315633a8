/**
 * Hrana streams over one engine connection: batons, stream expiry, and the ownership of the
 * connection by a stream that leaves a transaction open (see server.ts for the concurrency model).
 */
import { randomBytes } from "node:crypto";
import type Database from "libsql";
import { describe, executeBatch, executeSequence, executeStmt, HranaError, toProtoError, type HranaBatch, type HranaStmt, type ProtoError } from "./hrana.ts";
import type { WriteLedger } from "./writes.ts";

export interface Stream {
  sqls: Map<number, string>;
  timer?: NodeJS.Timeout;
}

export type StreamRequest =
  | { type: "execute"; stmt: HranaStmt }
  | { type: "batch"; batch: HranaBatch }
  | { type: "sequence"; sql?: string; sql_id?: number }
  | { type: "describe"; sql?: string; sql_id?: number }
  | { type: "store_sql"; sql_id: number; sql: string }
  | { type: "close_sql"; sql_id: number }
  | { type: "get_autocommit" }
  | { type: "close" };

export type StreamResult = { type: "ok"; response: Record<string, unknown> } | { type: "error"; error: ProtoError };

type Observer = (sql: string, changes: number) => void;

/** An error answered as an HTTP status with a Hrana error code. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, message: string, code: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The streams of one server. */
export class Streams {
  private readonly streams = new Map<string, Stream>();
  private owner: Stream | null = null;
  private waiters: (() => void)[] = [];
  private readonly observe: Observer;
  private readonly db: Database.Database;
  private readonly ledger: WriteLedger;
  private readonly expiryMs: number;

  constructor(db: Database.Database, ledger: WriteLedger, expiryMs: number) {
    this.db = db;
    this.ledger = ledger;
    this.expiryMs = expiryMs;
    this.observe = (sql, changes) => ledger.afterStatement(sql, changes, db.inTransaction);
  }

  private release(stream: Stream) {
    if (this.owner !== stream) return;
    this.owner = null;
    const wake = this.waiters;
    this.waiters = [];
    for (const w of wake) w();
  }

  /** Ends a stream, rolling back the transaction it left open. */
  private dropStream(stream: Stream) {
    clearTimeout(stream.timer);
    if (this.owner === stream) {
      if (this.db.inTransaction) {
        this.db.exec("ROLLBACK");
        this.ledger.rolledBack();
      }
      this.release(stream);
    }
  }

  private newBaton(stream: Stream): string {
    const baton = randomBytes(18).toString("base64url");
    this.streams.set(baton, stream);
    stream.timer = setTimeout(() => {
      this.streams.delete(baton);
      this.dropStream(stream);
    }, this.expiryMs);
    stream.timer.unref();
    return baton;
  }

  /** Serves one `POST /v2/pipeline` body. */
  async pipeline(body: { baton?: string | null; requests?: StreamRequest[] }) {
    if (!body || typeof body !== "object" || !Array.isArray(body.requests)) {
      throw new HttpError(400, "Expected a JSON object with a `requests` array", "PROTO_ERROR");
    }
    let stream: Stream;
    if (body.baton != null) {
      const found = this.streams.get(body.baton);
      if (!found) throw new HttpError(400, "The stream has expired or the baton is invalid", "STREAM_EXPIRED");
      // Batons are single use: the next request must carry the one this response hands out.
      this.streams.delete(body.baton);
      clearTimeout(found.timer);
      stream = found;
    } else {
      stream = { sqls: new Map() };
    }

    // Wait while another stream's transaction is open. No `await` may come between this check and
    // the synchronous execution below, or two streams could both find the connection free.
    while (this.owner !== null && this.owner !== stream) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const results: StreamResult[] = [];
    let closed = false;
    for (const req of body.requests) {
      if (closed) {
        results.push({ type: "error", error: { message: "The stream is closed", code: "STREAM_CLOSED" } });
        continue;
      }
      const { result, close } = handleRequest(this.db, stream, req, this.observe);
      results.push(result);
      closed ||= close;
    }
    if (this.db.inTransaction) this.owner = stream;
    else this.release(stream);

    if (closed) {
      this.dropStream(stream);
      return { baton: null, base_url: null, results };
    }
    return { baton: this.newBaton(stream), base_url: null, results };
  }

  /** Drops every stream (rolling back an open transaction), for closing the server. */
  closeAll() {
    for (const stream of new Set(this.streams.values())) this.dropStream(stream);
    this.streams.clear();
  }
}

function handleRequest(db: Database.Database, stream: Stream, req: StreamRequest, observe: Observer): { result: StreamResult; close: boolean } {
  try {
    switch (req?.type) {
      case "execute":
        return ok({ type: "execute", result: executeStmt(db, req.stmt, stream.sqls, observe) });
      case "batch":
        return ok({ type: "batch", result: executeBatch(db, req.batch, stream.sqls, observe) });
      case "sequence":
        executeSequence(db, req, stream.sqls, observe);
        return ok({ type: "sequence" });
      case "describe":
        return ok({ type: "describe", result: describe(db, req, stream.sqls) });
      case "store_sql":
        if (typeof req.sql_id !== "number" || typeof req.sql !== "string") {
          throw new HranaError("store_sql needs sql_id and sql", "PROTO_ERROR");
        }
        if (stream.sqls.has(req.sql_id)) throw new HranaError(`SQL text ${req.sql_id} is already stored`, "SQL_ID_TAKEN");
        stream.sqls.set(req.sql_id, req.sql);
        return ok({ type: "store_sql" });
      case "close_sql":
        stream.sqls.delete(req.sql_id);
        return ok({ type: "close_sql" });
      case "get_autocommit":
        return ok({ type: "get_autocommit", is_autocommit: !db.inTransaction });
      case "close":
        return { result: { type: "ok", response: { type: "close" } }, close: true };
      default:
        throw new HranaError(`Unknown request type ${(req as { type?: string })?.type}`, "PROTO_ERROR");
    }
  } catch (error) {
    return { result: { type: "error", error: toProtoError(error) }, close: false };
  }
}

function ok(response: Record<string, unknown>): { result: StreamResult; close: boolean } {
  return { result: { type: "ok", response }, close: false };
}
