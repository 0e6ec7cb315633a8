import { Hono } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../env.ts";
import { openApiDocument } from "./openapi.ts";

export const openApiRoutes = new Hono<AppEnv>()
  .get("/openapi.json", (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    return c.json(openApiDocument(c.var.config.PUBLIC_ORIGIN));
  })
  .get("/docs", (c) => {
    const doc = openApiDocument(c.var.config.PUBLIC_ORIGIN);
    const rows = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        op: op as { summary: string; description: string; requestBody?: unknown },
      })),
    );
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${doc.info.title}</title>
  </head>
  <body>
    <main>
      <h1>${doc.info.title}</h1>
      <p>${doc.info.description}</p>
      <p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
      <table>
        <caption>Endpoints</caption>
        <thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">What it does</th><th scope="col">Who may call it</th></tr></thead>
        <tbody>
          ${rows.map((r) => html`<tr><td><code>${r.method}</code></td><td><code>${r.path}</code></td><td>${r.op.summary}</td><td>${r.op.description.replace("Who may call it: ", "")}</td></tr>`)}
        </tbody>
      </table>
    </main>
  </body>
</html>`);
  });
