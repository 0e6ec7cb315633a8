/** The library's files: checked by content, stored in R2, served only as downloads. */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";

let coordinator: ApiClient;
const stack = useStack({ seedToday: "2030-03-04" });
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

async function upload(api: ApiClient, slug: string, name: string, body: Uint8Array | string) {
  const res = await fetch(`${stack.worker.baseUrl}/api/documents/${slug}/file`, {
    method: "PUT",
    headers: { origin: stack.worker.baseUrl, cookie: api.cookie ?? "", "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(name) },
    body: (typeof body === "string" ? new TextEncoder().encode(body) : body) as unknown as BodyInit,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

describe("documents", () => {
  it("adds a document and its PDF, and serves the file as a download that is never sniffed", async () => {
    const made = await coordinator.post("/api/documents", {
      title: "Regional referral guideline",
      kind: "guideline",
      issuedOn: "2030-02",
      issuers: ["ndphs"],
      languages: ["en"],
      topics: ["victim-support"],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    const up = await upload(coordinator, made.body.slug, "Referral guideline – 2030.pdf", pdf);
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body.fileType).toBe("application/pdf");
    const doc = await coordinator.get(`/api/documents/${made.body.slug}`);
    expect(doc.body.file).toBe(`/documents/${made.body.slug}/file`);
    const file = await fetch(`${stack.worker.baseUrl}${doc.body.file}`);
    expect(file.headers.get("content-disposition")).toMatch(
      /^attachment; filename="Referral guideline _ 2030.pdf"; filename\*=UTF-8''Referral%20guideline%20%E2%80%93%202030\.pdf$/,
    );
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(await file.text()).toBe(pdf);
    // A resumed download or a PDF viewer asks for a part; a repeated download asks whether it changed.
    const part = (range: string, more: Record<string, string> = {}) => fetch(`${stack.worker.baseUrl}${doc.body.file}`, { headers: { range, ...more } });
    const head = await part("bytes=0-3");
    expect([head.status, head.headers.get("content-range"), await head.text()]).toEqual([206, `bytes 0-3/${pdf.length}`, "%PDF"]);
    const tail = await part("bytes=-6");
    expect([tail.status, await tail.text()]).toEqual([206, "%%EOF\n"]);
    const past = await part(`bytes=${pdf.length}-`);
    expect([past.status, past.headers.get("content-range")]).toEqual([416, `bytes */${pdf.length}`]);
    const etag = file.headers.get("etag")!;
    expect((await part("bytes=0-3", { "if-range": '"another-file"' })).status).toBe(200);
    expect((await fetch(`${stack.worker.baseUrl}${doc.body.file}`, { headers: { "if-none-match": etag } })).status).toBe(304);
  });

  it("refuses files whose content is not what their name says, and types not allowed", async () => {
    const html = await upload(coordinator, "nb8-mou-2009", "memorandum.pdf", "<html><script>alert(1)</script></html>");
    expect(html.status).toBe(400);
    expect(html.body.error.issues[0]).toEqual({ field: "file", rule: "the content is not a PDF file", code: "file" });
    const exe = await upload(coordinator, "nb8-mou-2009", "setup.exe", new Uint8Array([0x4d, 0x5a, 0x90, 0x00]));
    expect(exe.body.error.issues[0].rule).toMatch(/^only pdf, png, jpg/);
    const png = await upload(coordinator, "nb8-mou-2009", "chart.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    expect(png.status).toBe(200);
  });

  it("keeps a long file name's extension and drops the direction marks that could disguise it", async () => {
    const pdf = "%PDF-1.4\n%%EOF\n";
    const long = await upload(coordinator, "nb8-mou-2009", `${"Memorandum ".repeat(30)}.pdf`, pdf);
    expect([long.status, long.body.fileName.length, long.body.fileName.endsWith(".pdf")]).toEqual([200, 150, true]);
    const disguised = await upload(coordinator, "nb8-mou-2009", `minutes\u202efdp.exe.pdf`, pdf);
    expect([disguised.status, disguised.body.fileName]).toEqual([200, "minutesfdp.exe.pdf"]);
  });

  it("stores one file of uploads sent at the same moment and serves it whole", async () => {
    const files = Array.from({ length: 6 }, (_, i) => `%PDF-1.4\nupload ${i}\n%%EOF\n`);
    const answers = await Promise.all(files.map((f, i) => upload(coordinator, "nb8-mou-2009", `memo-${i}.pdf`, f)));
    expect(
      answers.every((a) => a.status === 200 || (a.status === 409 && a.body.error.code === "file_changed")),
      JSON.stringify(answers),
    ).toBe(true);
    const served = await (await fetch(`${stack.worker.baseUrl}/documents/nb8-mou-2009/file`)).text();
    expect(files).toContain(served);
  });

  it("lets partners of an issuing organisation, and no other partners, attach files", async () => {
    const ndphsPartner = "sample-ndphs-partner";
    await stack.db.client.batch([
      { sql: "INSERT INTO users (id, email, role) VALUES (?, 'ndphs.partner@example.org', 'user')", args: [ndphsPartner] },
      { sql: "INSERT INTO memberships (user_id, organisation_id) VALUES (?, 'ndphs')", args: [ndphsPartner] },
    ]);
    const member = await sessionFor(stack.db.client, stack.worker.baseUrl, ndphsPartner);
    expect((await upload(member, "ndphs-action-plan-2008", "plan.pdf", "%PDF-1.7 x")).status).toBe(200);
    const stranger = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    expect((await upload(stranger, "ndphs-action-plan-2008", "plan.pdf", "%PDF-1.7 x")).status).toBe(403);
    const own = await stranger.post("/api/documents", { title: "Marta annual report", kind: "report", issuers: ["ndphs"] });
    expect(own.status).toBe(403);
    expect(own.body.error.issues[0].field).toBe("issuers");
  });
});
