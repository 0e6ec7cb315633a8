/**
 * Writes the OpenAPI document (the one served at /api/openapi.json) to a file, for the linter
 * (`npm run lint:api`) and for generating a client:
 *   npm run openapi -- [file] [origin]
 * file defaults to .data/openapi.json, origin (the server the document names) to https://calendar.example (a reserved name: pass
 * your calendar's address when generating a client).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { openApiDocument } from "../functions/openapi/openapi.ts";

const [file = ".data/openapi.json", origin = "https://calendar.example"] = process.argv.slice(2);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(openApiDocument(origin), null, 2)}\n`);
console.log(`OpenAPI document written to ${file}`);
