/**
 * Writing the library: documents are added by coordinators and by partners of an issuing
 * organisation; a file goes to R2 after its content is checked, and is served as a download only.
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { DOCUMENT_KINDS, documentOrganisations, documents, documentTopics } from "../../db/schema.ts";
import { audit, diff } from "../audit/audit.ts";
import { isCoordinator, isMemberOf, type Viewer } from "../auth/viewer.ts";
import { consentFor, makerOf, type Consent } from "../consent/consent.ts";
import type { Database } from "../db/client.ts";
import { guard, isGuardFailure } from "../db/guard.ts";
import { ifNoneMatchMatches } from "../lib/entity-tags.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError } from "../errors.ts";
import { makeSlug } from "../events/events.commands.ts";
import { refs, requireReferences } from "../db/references.ts";
import {
  countries,
  DATE_RANGE_RULE,
  dateIssue,
  dateProblem,
  distinct,
  httpsUrl,
  id,
  languageTags,
  line,
  parseBody,
  patchSchema,
  ruled,
  text,
} from "../validation.ts";
import { checkUpload, decodeFileName, MAX_UPLOAD_BYTES, safeFileName } from "./uploads.ts";

/** When a document was issued, as precisely as known (a year, a month or a day), within the calendar's range. */
const issuedOn = z.string().superRefine((value, ctx) => {
  const format = "must be YYYY, YYYY-MM or YYYY-MM-DD";
  const first = /^\d{4}$/.test(value) ? `${value}-01-01` : /^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value;
  const problem = dateProblem(first);
  if (problem) ctx.addIssue(dateIssue(problem === DATE_RANGE_RULE ? problem : format, undefined, "format"));
});

export const documentFields = z.object({
  title: line(300).min(1, "is required"),
  kind: z.enum(DOCUMENT_KINDS, { error: `must be one of ${DOCUMENT_KINDS.join(", ")}` }),
  issuedOn: issuedOn.nullable().optional(),
  languages: languageTags(20).default([]),
  countries: countries(30).default([]),
  url: z.string().max(2000, "must be at most 2000 characters").pipe(httpsUrl()).nullable().optional(),
  summary: text(2000).nullable().optional(),
  issuers: z
    .array(id("must be organisation ids"))
    .min(1, "needs at least one issuing organisation")
    .max(10, "at most 10")
    .refine((v) => distinct(v), ruled("duplicate", "must not name an organisation twice")),
  topics: z
    .array(id("must be topic ids"))
    .max(20, "at most 20")
    .refine((v) => distinct(v), ruled("duplicate", "must not name a topic twice"))
    .default([]),
});
export const documentCreateSchema = documentFields.strict();
/** A PATCH: any subset of the fields, no defaults (validation.ts). */
export const documentPatchSchema = patchSchema(documentFields);

/** The stored document with its issuers (and their consent) and topics, for a write. */
async function loadDocument(db: Database, slug: string) {
  const [doc] = await db.select().from(documents).where(eq(documents.slug, slug));
  if (!doc) return null;
  const [links, topics] = await db.batch([
    db
      .select({ id: documentOrganisations.organisationId, consent: documentOrganisations.consent })
      .from(documentOrganisations)
      .where(eq(documentOrganisations.documentId, doc.id))
      .orderBy(sql`rowid`),
    db.select({ id: documentTopics.topicId }).from(documentTopics).where(eq(documentTopics.documentId, doc.id)).orderBy(sql`rowid`),
  ]);
  return {
    doc,
    issuers: links.map((l) => l.id),
    consent: Object.fromEntries(links.map((l) => [l.id, l.consent])) as Record<string, Consent>,
    topics: topics.map((t) => t.id),
  };
}

/** The document for a write: coordinators, and partners of an issuer that accepted being one. */
async function editableDocument(c: Context<AppEnv>) {
  const stored = await loadDocument(c.var.db, c.req.param("slug") ?? "");
  if (!stored) throw new ApiError(404, "not_found", "No document has this slug");
  const accepted = stored.issuers.filter((o) => stored.consent[o] === "accepted");
  if (!isCoordinator(c.var.viewer) && !accepted.some((o) => isMemberOf(c.var.viewer, o))) {
    throw new ApiError(403, "forbidden", "Only partners of an issuing organisation and coordinators may change this document.");
  }
  return stored;
}

const ownIssuerRule = (viewer: Viewer, issuers: string[]) => {
  if (!isCoordinator(viewer) && !issuers.some((o) => isMemberOf(viewer, o))) {
    throw fieldError(403, "issuers", "must include one of your organisations", "own_organisation", {
      errorCode: "forbidden",
      message: "issuers: partners add documents of their own organisations",
    });
  }
};

export const documentWriteRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const input = await parseBody(c, documentCreateSchema);
    const { db, viewer } = c.var;
    ownIssuerRule(viewer!, input.issuers);
    await requireReferences(db, [...refs("organisation", "issuers", input.issuers), ...refs("topic", "topics", input.topics)]);
    const id = crypto.randomUUID();
    const slug = makeSlug(input.title);
    const { issuers, topics, ...fields } = input;
    const statements: BatchItem<"sqlite">[] = [
      db.insert(documents).values({ id, slug, ...fields }),
      db
        .insert(documentOrganisations)
        .values(issuers.map((organisationId) => ({ documentId: id, organisationId, consent: consentFor(makerOf(viewer!), organisationId) }))),
      audit(db, { actorId: viewer!.id, action: "document.create", entity: "document", entityId: id, after: input }),
    ];
    if (topics.length) statements.push(db.insert(documentTopics).values(topics.map((topicId) => ({ documentId: id, topicId }))));
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    return c.json({ slug }, 201);
  })
  .patch("/:slug", async (c) => {
    const { db, viewer, now } = c.var;
    const stored = await editableDocument(c);
    const patch = await parseBody(c, documentPatchSchema);
    if (patch.issuers) ownIssuerRule(viewer!, patch.issuers);
    await requireReferences(db, [...refs("organisation", "issuers", patch.issuers ?? []), ...refs("topic", "topics", patch.topics ?? [])]);
    const { doc } = stored;
    // Issuers and topics are sets: compared, and recorded, in one order.
    const sorted = (values: string[] | undefined) => values && [...values].sort();
    const before = { ...doc, issuers: sorted(stored.issuers), topics: sorted(stored.topics) } as Record<string, unknown>;
    const asked = { ...patch, ...(patch.issuers && { issuers: sorted(patch.issuers) }), ...(patch.topics && { topics: sorted(patch.topics) }) };
    const changes = diff(before, asked as Record<string, unknown>);
    // A PATCH that changes nothing writes nothing, and leaves no audit entry.
    if (Object.keys(changes.after).length === 0) return c.json({ slug: doc.slug });
    const { issuers, topics, ...fields } = patch;
    const maker = makerOf(viewer!);
    const statements: BatchItem<"sqlite">[] = [
      db
        .update(documents)
        .set({ ...fields, updatedAt: now.toISOString() })
        .where(eq(documents.id, doc.id)),
      audit(db, { actorId: viewer!.id, action: "document.update", entity: "document", entityId: doc.id, ...changes }),
    ];
    // Link rows change only when sent. A link already there is left as it is, so it keeps its
    // consent even if its organisation answers while this edit is on its way.
    if (issuers && "issuers" in changes.after) {
      statements.push(
        db.delete(documentOrganisations).where(and(eq(documentOrganisations.documentId, doc.id), notInArray(documentOrganisations.organisationId, issuers))),
        db
          .insert(documentOrganisations)
          .values(issuers.map((organisationId) => ({ documentId: doc.id, organisationId, consent: consentFor(maker, organisationId) })))
          .onConflictDoNothing(),
      );
    }
    if (topics && "topics" in changes.after) {
      statements.push(db.delete(documentTopics).where(eq(documentTopics.documentId, doc.id)));
      if (topics.length) statements.push(db.insert(documentTopics).values(topics.map((topicId) => ({ documentId: doc.id, topicId }))));
    }
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    return c.json({ slug: doc.slug });
  })
  .put("/:slug/file", async (c) => {
    const { doc } = await editableDocument(c);
    const decoded = decodeFileName(c.req.header("x-file-name") ?? "");
    if (decoded === null) {
      const rule = "must be URL-encoded (write % as %25)";
      throw fieldError(400, "fileName", rule, "file", { errorCode: "invalid_file", message: `fileName: ${rule}` });
    }
    const name = safeFileName(decoded);
    const length = Number(c.req.header("content-length") ?? 0);
    if (length > MAX_UPLOAD_BYTES)
      throw fieldError(413, "file", "must be at most 20 MB", "too_large", {
        errorCode: "too_large",
        message: `file: must be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
      });
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const checked = checkUpload(name, bytes);
    if ("error" in checked) throw fieldError(400, "file", checked.error, "file", { errorCode: "invalid_file", message: `file: ${checked.error}` });
    if (!c.env.FILES) throw new ApiError(503, "storage_unavailable", "File storage is not configured (the FILES R2 binding).");
    const key = `documents/${doc.id}/${crypto.randomUUID()}`;
    await c.env.FILES.put(key, bytes, { httpMetadata: { contentType: checked.type } });
    const { db, viewer } = c.var;
    // The file replaces the one read above, or none: of two uploads at once one is stored, and
    // every object not (or no longer) named by the document is deleted, so none is left behind.
    try {
      await db.batch([
        guard(db, sql`EXISTS (SELECT 1 FROM ${documents} WHERE ${documents.id} = ${doc.id} AND ${documents.fileKey} IS ${doc.fileKey})`),
        db.update(documents).set({ fileKey: key, fileName: name, fileType: checked.type, updatedAt: c.var.now.toISOString() }).where(eq(documents.id, doc.id)),
        audit(db, {
          actorId: viewer!.id,
          action: "document.file",
          entity: "document",
          entityId: doc.id,
          after: { fileName: name, fileType: checked.type, bytes: bytes.length },
        }),
      ]);
    } catch (error) {
      await c.env.FILES.delete(key);
      if (isGuardFailure(error))
        throw new ApiError(409, "file_changed", "Another file was stored for this document at the same moment: reload the document and upload again.");
      throw error;
    }
    if (doc.fileKey) await c.env.FILES.delete(doc.fileKey);
    return c.json({ file: `/documents/${doc.slug}/file`, fileName: name, fileType: checked.type });
  });

/** `GET /documents/:slug/file`: the stored file, always as a download, never sniffed. */
export const documentFileRoutes = new Hono<AppEnv>().get("/documents/:slug/file", async (c) => {
  const [doc] = await c.var.db
    .select({ fileKey: documents.fileKey, fileName: documents.fileName, fileType: documents.fileType })
    .from(documents)
    .where(eq(documents.slug, c.req.param("slug")));
  const files = c.env.FILES;
  if (!doc?.fileKey || !files) throw new ApiError(404, "not_found", "This document has no file");
  // Every upload is stored under a key of its own: the key names the bytes.
  const etag = `"${doc.fileKey.slice(doc.fileKey.lastIndexOf("/") + 1)}"`;
  const name = doc.fileName ?? "document";
  const headers: Record<string, string> = {
    "Content-Type": doc.fileType ?? "application/octet-stream",
    "Content-Disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "public, max-age=3600",
    "Accept-Ranges": "bytes",
    ETag: etag,
  };
  if (ifNoneMatchMatches(c.req.header("if-none-match"), etag))
    return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": headers["Cache-Control"] } });
  // One byte range (a resumed download, a PDF viewer's page), while the file is the one asked
  // about (If-Range); several ranges, or a stale If-Range, get the whole file.
  const range = /^bytes=(\d*)-(\d*)$/.exec(c.req.header("range")?.trim() ?? "");
  const ifRange = c.req.header("if-range");
  if (range && (range[1] || range[2]) && (ifRange === undefined || ifRange === etag)) {
    const head = await files.head(doc.fileKey);
    if (!head) throw new ApiError(404, "not_found", "This document has no file");
    const size = head.size;
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || end < start || (!range[1] && Number(range[2]) === 0)) {
      return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}`, ETag: etag } });
    }
    const part = await files.get(doc.fileKey, { range: { offset: start, length: end - start + 1 } });
    if (!part) throw new ApiError(404, "not_found", "This document has no file");
    return new Response(part.body, {
      status: 206,
      headers: { ...headers, "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": String(end - start + 1) },
    });
  }
  const object = await files.get(doc.fileKey);
  if (!object) throw new ApiError(404, "not_found", "This document has no file");
  return new Response(object.body, { headers });
});
