/** An Atom feed (RFC 4287) of newly published events. */

export interface AtomEntry {
  slug: string;
  title: string;
  summary: string;
  author: string | null;
  categories: string[];
  published: string;
  updated: string;
}

const escapeXml = (s: string) =>
  s
    // Characters XML 1.0 does not allow at all are dropped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

export function buildAtom(entries: AtomEntry[], opts: { title: string; origin: string; selfPath: string; updated: string }): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(`${opts.origin}${opts.selfPath}`)}</id>`,
    `  <title>${escapeXml(opts.title)}</title>`,
    `  <updated>${escapeXml(opts.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${opts.origin}${opts.selfPath}`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(opts.origin)}/"/>`,
  ];
  for (const e of entries) {
    const url = `${opts.origin}/events/${e.slug}`;
    lines.push(
      "  <entry>",
      `    <id>${escapeXml(url)}</id>`,
      `    <title>${escapeXml(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `    <published>${escapeXml(e.published)}</published>`,
      `    <updated>${escapeXml(e.updated)}</updated>`,
      `    <author><name>${escapeXml(e.author ?? opts.title)}</name></author>`,
      ...e.categories.map((c) => `    <category term="${escapeXml(c)}"/>`),
      `    <summary type="text">${escapeXml(e.summary)}</summary>`,
      "  </entry>",
    );
  }
  lines.push("</feed>", "");
  return lines.join("\n");
}
