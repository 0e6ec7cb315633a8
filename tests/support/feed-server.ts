/** A small calendar-feed server on loopback for the feed sync tests: each path answers as a test says. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export type FeedHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface FeedServer {
  origin: string;
  /** Requests seen, by path, with their headers. */
  requests: { path: string; headers: IncomingMessage["headers"] }[];
  hits(path: string): number;
  /** Sets what `path` answers. */
  route(path: string, handler: FeedHandler): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedHandler>();
  const requests: FeedServer["requests"] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    requests.push({ path, headers: req.headers });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404).end("not here");
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    route: (path, handler) => routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers an iCalendar text (with its validators, when given; 304 when the request's match them). */
export function serveIcs(text: () => string, validators: { etag?: string; lastModified?: string } = {}): FeedHandler {
  return (req, res) => {
    if (
      (validators.etag && req.headers["if-none-match"] === validators.etag) ||
      (validators.lastModified && req.headers["if-modified-since"] === validators.lastModified)
    ) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, {
      "content-type": "text/calendar; charset=utf-8",
      ...(validators.etag ? { etag: validators.etag } : {}),
      ...(validators.lastModified ? { "last-modified": validators.lastModified } : {}),
    });
    res.end(text());
  };
}
