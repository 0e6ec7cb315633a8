/**
 * A small libSQL server for development and tests: Hrana 2 over HTTP (`POST /v2/pipeline`) on top
 * of the embedded libSQL engine. Production uses sqld or Turso; the Worker cannot tell the
 * difference because it speaks the same protocol through `@libsql/client/web`.
 *
 * Concurrency model: one engine connection serves every stream. A stream that leaves a transaction
 * open owns the connection until the transaction ends; requests of other streams wait (without
 * blocking the event loop) until then. An owner that goes idle for `streamExpiryMs` has its
 * transaction rolled back and its stream dropped, so an abandoned client cannot block others for long.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Database from "libsql";
import { describe, executeBatch, executeSequence, executeStmt, HranaError, toProtoError, type HranaBatch, type HranaStmt, type ProtoError } from "./hrana.ts";
import { WriteLedger } from "./writes.ts";

export interface LibsqlServerOptions {
  /** Database file, or ":memory:". */
  path: string;
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  host?: string;
  /** When set, requests must carry `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** Idle time after which a stream and its open transaction are dropped. */
  streamExpiryMs?: number;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
}

export interface LibsqlServer {
  url: string;
  port: number;
  /** Pipeline requests served so far: one per database round trip a client makes. */
  roundTrips(): number;
  /** Rows changed by committed writes so far, all tables (the engine's `total_changes()`, less rolled-back work). */
  writes(): number;
  /** The same, by table written to. */
  writesByTable(): Record<string, number>;
  close(): Promise<void>;
}

interface Stream {
  sqls: Map<number, string>;
  timer?: NodeJS.Timeout;
}

type StreamRequest =
  | { type: "execute"; stmt: HranaStmt }
  | { type: "batch"; batch: HranaBatch }
  | { type: "sequence"; sql?: string; sql_id?: number }
  | { type: "describe"; sql?: string; sql_id?: number }
  | { type: "store_sql"; sql_id: number; sql: string }
  | { type: "close_sql"; sql_id: number }
  | { type: "get_autocommit" }
  | { type: "close" };

type StreamResult = { type: "ok"; response: Record<string, unknown> } | { type: "error"; error: ProtoError };

class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, message: string, code: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Starts the server and resolves once it listens. */
export async function startLibsqlServer(options: LibsqlServerOptions): Promise<LibsqlServer> {
  const expiryMs = options.streamExpiryMs ?? 10_000;
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const db = new Database(options.path);
  db.defaultSafeIntegers(true);
  if (options.path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
  // sqld enforces foreign keys; so do we, so that tests see what production sees.
  db.exec("PRAGMA foreign_keys = ON");

  const ledger = new WriteLedger();
  const observe = (sql: string, changes: number) => ledger.afterStatement(sql, changes, db.inTransaction);

  const streams = new Map<string, Stream>();
  let owner: Stream | null = null;
  let waiters: (() => void)[] = [];

  function release(stream: Stream) {
    if (owner !== stream) return;
    owner = null;
    const wake = waiters;
    waiters = [];
    for (const w of wake) w();
  }

  function dropStream(stream: Stream) {
    clearTimeout(stream.timer);
    if (owner === stream) {
      if (db.inTransaction) {
        db.exec("ROLLBACK");
        ledger.rolledBack();
      }
      release(stream);
    }
  }

  function newBaton(stream: Stream): string {
    const baton = randomBytes(18).toString("base64url");
    streams.set(baton, stream);
    stream.timer = setTimeout(() => {
      streams.delete(baton);
      dropStream(stream);
    }, expiryMs);
    stream.timer.unref();
    return baton;
  }

  function handleRequest(stream: Stream, req: StreamRequest): { result: StreamResult; close: boolean } {
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

  async function pipeline(body: { baton?: string | null; requests?: StreamRequest[] }) {
    if (!body || typeof body !== "object" || !Array.isArray(body.requests)) {
      throw new HttpError(400, "Expected a JSON object with a `requests` array", "PROTO_ERROR");
    }
    let stream: Stream;
    if (body.baton != null) {
      const found = streams.get(body.baton);
      if (!found) throw new HttpError(400, "The stream has expired or the baton is invalid", "STREAM_EXPIRED");
      // Batons are single use: the next request must carry the one this response hands out.
      streams.delete(body.baton);
      clearTimeout(found.timer);
      stream = found;
    } else {
      stream = { sqls: new Map() };
    }

    // Wait while another stream's transaction is open. No `await` may come between this check and
    // the synchronous execution below, or two streams could both find the connection free.
    while (owner !== null && owner !== stream) {
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    const results: StreamResult[] = [];
    let closed = false;
    for (const req of body.requests) {
      if (closed) {
        results.push({ type: "error", error: { message: "The stream is closed", code: "STREAM_CLOSED" } });
        continue;
      }
      const { result, close } = handleRequest(stream, req);
      results.push(result);
      closed ||= close;
    }
    if (db.inTransaction) owner = stream;
    else release(stream);

    if (closed) {
      dropStream(stream);
      return { baton: null, base_url: null, results };
    }
    return { baton: newBaton(stream), base_url: null, results };
  }

  let pipelines = 0;
  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const code = error instanceof HttpError ? error.code : "INTERNAL";
      const message = error instanceof Error ? error.message : String(error);
      send(res, status, { message, code });
    });
  });

  // Clients reuse connections; closing an idle one just as a client sends on it loses that request
  // ("Network connection lost" in workerd). Keep idle connections longer than clients do.
  server.keepAliveTimeout = 65_000;

  async function route(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (options.authToken && req.headers.authorization !== `Bearer ${options.authToken}`) {
      throw new HttpError(401, "Missing or wrong auth token", "UNAUTHORIZED");
    }
    if (req.method === "GET" && (path === "/" || path === "/health" || path === "/v2")) {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method === "POST" && path === "/v2/pipeline") {
      pipelines++;
      const body = await readJson(req, maxBody);
      send(res, 200, await pipeline(body as Parameters<typeof pipeline>[0]));
      return;
    }
    // Clients probe /v3-protobuf first and fall back to version 2 on a 404.
    throw new HttpError(404, `No such endpoint: ${req.method} ${path}`, "NOT_FOUND");
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    roundTrips: () => pipelines,
    writes: () => ledger.total(),
    writesByTable: () => ledger.byTable(),
    async close() {
      for (const stream of new Set(streams.values())) dropStream(stream);
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}

function ok(response: Record<string, unknown>): { result: StreamResult; close: boolean } {
  return { result: { type: "ok", response }, close: false };
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Request body exceeds ${limit} bytes`, "PAYLOAD_TOO_LARGE");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "Request body is not valid JSON", "PROTO_ERROR");
  }
}
