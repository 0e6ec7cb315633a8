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
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Database from "libsql";
import { HttpError, Streams } from "./streams.ts";
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

/** The page cache's bound, in KiB. */
const PAGE_CACHE_KIB = 65_536;

/** Starts the server and resolves once it listens. */
export async function startLibsqlServer(options: LibsqlServerOptions): Promise<LibsqlServer> {
  const expiryMs = options.streamExpiryMs ?? 10_000;
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const db = new Database(options.path);
  db.defaultSafeIntegers(true);
  if (options.path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
  // sqld enforces foreign keys; so do we, so that tests see what production sees.
  db.exec("PRAGMA foreign_keys = ON");
  // A page cache that holds the database, as a database server's would (SQLite's default is 2 MB:
  // at 10,000 events, 20 MB, each month list read pages from the kernel again).
  // One connection serves every stream, so the cache stays warm; 64 MB at most.
  db.exec(`PRAGMA cache_size = -${PAGE_CACHE_KIB}`);

  const ledger = new WriteLedger();
  const streams = new Streams(db, ledger, expiryMs);

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
      send(res, 200, await streams.pipeline(body as Parameters<Streams["pipeline"]>[0]));
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
      streams.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
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
