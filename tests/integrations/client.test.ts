/**
 * A partner's developer generates a typed client from the running calendar's OpenAPI document
 * (oazapfts), type-checks it, and drives it with an API token: create an event, submit it for
 * review, read it back. The client is generated afresh into .data/ (ignored by git) at every run,
 * so it always matches the document the Worker serves; nothing generated is committed.
 */
import { execFile } from "node:child_process";
import type { ApiFunction } from "@oazapfts/runtime";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { generateSource } from "oazapfts";
import { getOperationName } from "oazapfts/generate";
import { afterAll, describe, expect, it } from "vitest";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { seminar } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2030-03-04" });
const root = new URL("../../", import.meta.url).pathname;
// Inside the repository, so the generated file finds @oazapfts/runtime in node_modules.
const dir = join(root, ".data", `generated-client-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The smallest strict configuration that checks the generated file alone (TypeScript 7, `npx tsc`). */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: "es2022",
    module: "esnext",
    moduleResolution: "bundler",
    lib: ["es2022", "dom"],
    types: [],
    skipLibCheck: true,
  },
  files: ["api.ts"],
};

describe("a client generated from /api/openapi.json", () => {
  it("type-checks, and with a token creates an event, submits it and reads it back", async () => {
    const base = stack.worker.baseUrl;
    const documentUrl = `${base}/api/openapi.json`;
    const document = (await (await fetch(documentUrl)).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "api.ts"), await generateSource(documentUrl, {}));
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
    const tsc = await promisify(execFile)("npx", ["tsc", "-p", join(dir, "tsconfig.json")], { cwd: root }).catch((e) => e);
    expect(`${tsc.stdout ?? ""}${tsc.stderr ?? ""}`.trim(), "tsc on the generated client").toBe("");

    // The token, made as a partner makes it: signed in, on the account.
    const partner = await sessionFor(stack.db.client, base, SAMPLE.partnerMarta);
    const made = await partner.post("/api/tokens", {
      name: "Generated client",
      organisationId: "marta",
      scopes: ["read", "write", "submit"],
      expiresInDays: 7,
    });
    expect(made.status).toBe(201);

    const client = await import(pathToFileURL(join(dir, "api.ts")).href);
    client.defaults.baseUrl = base;
    client.defaults.headers = { Authorization: `Bearer ${made.body.secret}` };
    // Each operation by the name the generator gives it (its operationId, or method and path without one).
    const operation = (verb: string, path: string): ApiFunction => {
      const name = getOperationName(verb, path, document.paths[path][verb].operationId);
      expect(typeof client[name], `${verb.toUpperCase()} ${path} as ${name}`).toBe("function");
      return client[name];
    };

    const created = await operation("post", "/api/events")(seminar("Seminar from a generated client"));
    expect(created.status, JSON.stringify(created.data)).toBe(201);
    const { slug } = created.data;
    const submitted = await operation("post", "/api/events/{slug}/submit")(slug, created.headers.get("etag"));
    expect(submitted.status, JSON.stringify(submitted.data)).toBe(200);
    const read = await operation("get", "/api/events/{slug}")(slug);
    expect(read.status).toBe(200);
    expect(read.data).toMatchObject({ slug, title: "Seminar from a generated client", manage: { moderation: "pending" } });
    // Without the token the draft stays hidden.
    client.defaults.headers = {};
    expect((await operation("get", "/api/events/{slug}")(slug)).status).toBe(404);
    // Generating and type-checking take seconds on their own, more on a loaded machine.
  }, 120_000);
});
