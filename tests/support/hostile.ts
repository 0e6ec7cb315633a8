/**
 * Hostile requests for the fuzz suite (tests/robustness/fuzz.test.ts), generated with fast-check
 * from the API's own OpenAPI document. A request starts from a plausible value for every parameter
 * and body property (so it gets past the first check and into the handler), then one to three of
 * them are swapped for a hostile value: of the wrong kind, or of the right kind at an extreme.
 */
import fc from "fast-check";

/** A JSON Schema as zod's toJSONSchema writes it (the parts read here). */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: Schema;
}

/** One operation of the OpenAPI document. */
export interface Operation {
  method: string;
  /** The template, `/api/events/{slug}`. */
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

/** A request as sent: `path` already holds the encoded path and query. */
export interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Serialised JSON (or raw text), or undefined for no body. */
  body?: string;
}

/** Every operation of an OpenAPI document, in document order. */
export function operationsOf(doc: any): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema,
      });
    }
  }
  return out;
}

const HUGE = "x".repeat(100_000);
const FAR_DATES = ["0001-01-01", "9999-12-31", "10000-01-01", "1899-12-31", "2201-01-01", "0000-00-00", "2030-02-30", "2030-13-01"];
const FAR_TIMES = ["0001-01-01T00:00", "9999-12-31T23:59", "+275760-09-13T00:00", "1899-12-31T23:59:59Z", "2201-01-01T00:00:00.000Z", "2030-05-01T25:61"];

/** Strings that have broken parsers, encoders and databases before. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  HUGE,
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "line\r\nInjected: header",
  "\r\n\r\n",
  "%E0%A4%A",
  "%",
  "%00",
  "%%32%35",
  "\uD800",
  "\uFFFF\uFEFF",
  "𝕏\u202Eevil",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  "=cmd|' /C calc'!A0",
  "NaN",
  "1e308",
  "-1",
  "Infinity",
  "null",
  "true",
  "[]",
  "{}",
  "no-such-id-0000",
  "sample-nobody",
  ...FAR_DATES,
  ...FAR_TIMES,
];

/** Hostile values that only make sense for a property of this name, tried beside the general ones. */
const HOSTILE_BY_NAME: Record<string, readonly string[]> = {
  timeZone: ["Mars/Olympus_Mons", "Etc/GMT+14", "Etc/GMT-15", "EST5EDT", "+25:00", "-00:00", "Europe/Riga\u0000", "europe/riga", "Factory", "UTC+99", "local"],
  q: [
    '"',
    '"unclosed',
    "*",
    "a*",
    "NEAR(a b)",
    "a AND",
    "OR",
    "-riga",
    "^riga",
    "{title}:riga",
    "title:riga",
    "riga NOT",
    "()",
    "\u0000riga",
    "ё".repeat(5_000),
  ],
  ics: [
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Nowhere/Zone:20300501T100000\r\nDTEND;TZID=Nowhere/Zone:20300501T110000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;VALUE=DATE:20300501\r\nDURATION:P99999999D\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART:2030050\r\nDTEND:garbage\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:\r\nSUMMARY:\r\nDTSTART:20300501T100000Z\r\nDTEND:20300501T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    `BEGIN:VCALENDAR\r\n${"BEGIN:VEVENT\r\n".repeat(2_000)}`,
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:" +
      "a".repeat(70) +
      "\r\n " +
      "b".repeat(70) +
      "\r\nDTSTART:20300501T100000Z\r\nDTEND:20300501T110000Z\r\nCATEGORIES:" +
      ",".repeat(5_000) +
      "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
  ],
  csv: [
    '"unclosed\r\nx',
    '\uFEFFname,kind\r\n=HYPERLINK("x"),ngo\r\n',
    ",".repeat(10_000),
    `name\r\n${"x\r\n".repeat(20_000)}`,
    "name,kind,parentId\r\nX,ngo,no-such-parent\r\n",
    "\r\n\r\n",
  ],
  email: [
    "a@b",
    "a@[127.0.0.1]",
    '"a b"@example.org',
    "a@xn--",
    "ä@example.org",
    "a@example.org\r\nBcc: x@example.org",
    "@example.org",
    `${"a".repeat(300)}@example.org`,
  ],
  locale: ["xx", "en-", "i-klingon", "de-DE-u-ca-xxxxxxxx", "*"],
  language: ["xx", "en-", "*", "zz-ЖЖ"],
};

/** Accept-Language headers a negotiator has to survive. */
export const HOSTILE_ACCEPT_LANGUAGE = [
  "*",
  "xx-ЖЖ",
  "en-US;q=NaN",
  "ru;q=1e308",
  ",,,;",
  "en-",
  "de-DE-u-ca-xxxxxxxxxxxx",
  "i-klingon",
  "a".repeat(2_000),
  "lv;q=0.5, lt;q=-1, et;q=2",
];

function nested(depth: number): unknown {
  let v: unknown = "deep";
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Values of any kind but the expected one. */
export const WRONG_KINDS: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  [],
  {},
  ["x"],
  [null],
  Array.from({ length: 10_000 }, (_, i) => `x${i}`),
  Array.from({ length: 1_000 }, () => ({ id: "marta" })),
  nested(200),
  JSON.parse('{"id":"marta","__proto__":{"admin":true}}'),
  { constructor: { prototype: { polluted: true } } },
];

const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 201, maxLength: 2_000 }) },
);

/** A hostile value for a property (named `name`) of this schema: the wrong kind, or the right kind at an extreme. */
export function hostileValue(schema: Schema, name = ""): fc.Arbitrary<unknown> {
  const kinds = kindsOf(schema);
  const extremes: fc.Arbitrary<unknown>[] = [hostileString];
  const special = HOSTILE_BY_NAME[name === "tz" ? "timeZone" : name];
  if (special) extremes.push(fc.constantFrom(...special), fc.constantFrom(...special));
  if (kinds.has("integer") || kinds.has("number")) {
    extremes.push(fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, 0.5, -0), fc.double());
  }
  if (kinds.has("array")) {
    const item = schema.items ?? anyOfArray(schema)?.items ?? {};
    extremes.push(
      fc.array(hostileValue(item, name), { maxLength: 5 }),
      fc.constantFrom(Array.from({ length: 5_000 }, (_, i) => (kinds.has("string") ? `x${i}` : `aa-${i}`))),
    );
  }
  if (kinds.has("object")) extremes.push(hostileBody(schema));
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...extremes) }, { weight: 1, arbitrary: fc.constantFrom(...WRONG_KINDS) });
}

function anyOfArray(schema: Schema): Schema | undefined {
  return (schema.anyOf ?? schema.oneOf)?.find((s) => s.type === "array");
}

function kindsOf(schema: Schema): Set<string> {
  const out = new Set<string>();
  const add = (s: Schema) => {
    for (const t of [s.type ?? []].flat()) out.add(t);
    for (const sub of s.anyOf ?? s.oneOf ?? []) add(sub);
  };
  add(schema);
  return out;
}

/**
 * Values that pass validation where the name tells what is meant, so hostile values elsewhere
 * reach the handler. Ids are those of the demo data.
 */
const PLAUSIBLE_BY_NAME: Record<string, unknown> = {
  from: "2030-05-01",
  to: "2030-05-31",
  startsAt: "2030-05-04T10:00",
  endsAt: "2030-05-04T12:00",
  startsOn: "2030-06-01",
  endsOn: "2030-06-02",
  expiresOn: "2030-05-20",
  issuedOn: "2009-06-01",
  consentAt: "2030-01-01T00:00:00Z",
  timeZone: "Europe/Riga",
  tz: "Europe/Riga",
  email: "fuzz@example.org",
  organisationId: "marta",
  ownerOrganisationId: "marta",
  organisers: ["marta"],
  issuers: ["marta"],
  year: 2030,
  ics: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
  csv: "name\r\nx\r\n",
  q: "riga",
  token: "x",
  subscription: "x",
  website: "https://example.org/",
  url: "https://example.org/",
  onlineUrl: "https://example.org/",
  registrationUrl: "https://example.org/",
  /** Replaced with the event's current ETag when the request is sent (see CURRENT_ETAG). */
  "If-Match": "<current>",
};

/** The If-Match value a test replaces with the target's current ETag, so the request gets past 412. */
export const CURRENT_ETAG = "<current>";

/** A plausible value for a property (named `name`) of this schema. */
export function plausibleValue(schema: Schema, name = ""): unknown {
  if (name in PLAUSIBLE_BY_NAME) return PLAUSIBLE_BY_NAME[name];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return plausibleValue(options.find((s) => s.type !== "null") ?? options[0], name);
  const type = [schema.type ?? "string"].flat()[0];
  switch (type) {
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    case "null":
      return null;
    case "array":
      return schema.minItems ? [plausibleValue(schema.items ?? {}, name)] : [];
    case "object": {
      // Required properties only: an optional one left out is always valid.
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = plausibleValue(schema.properties?.[key] ?? {}, key);
      return out;
    }
    default:
      if (schema.format === "email") return "fuzz@example.org";
      if (schema.pattern === "^[A-Z]{2}$") return "EE";
      if (schema.pattern?.startsWith("^[a-z]{2,3}")) return "en";
      if (schema.pattern?.startsWith("^[a-z0-9]")) return "marta";
      return "Fuzz";
  }
}

/** Pairs of names that make a window; a short window far away passes a length cap and finds what far dates break. */
const WINDOWS: [string, string][] = [
  ["from", "to"],
  ["startsAt", "endsAt"],
  ["startsOn", "endsOn"],
];
const FAR_WINDOWS: [string, string][] = [
  ["0001-01-01", "0001-01-31"],
  ["1899-12-01", "1899-12-31"],
  ["1900-01-01", "1900-01-02"],
  ["2200-12-20", "2201-01-10"],
  ["9999-12-01", "9999-12-31"],
  ["10000-01-01", "10000-01-31"],
];

/** For an object with a window's two names: both set to a far window (dates, or times when `time`). */
function farWindow(names: string[], time: (name: string) => boolean): fc.Arbitrary<Record<string, string>> | null {
  const pair = WINDOWS.find(([a, b]) => names.includes(a) && names.includes(b));
  if (!pair) return null;
  return fc.constantFrom(...FAR_WINDOWS).map(([from, to]) => ({
    [pair[0]]: time(pair[0]) ? `${from}T10:00` : from,
    [pair[1]]: time(pair[1]) ? `${to}T12:00` : to,
  }));
}

const isTimeName = (name: string) => name.endsWith("At");

/** A body: plausible, with one to three properties hostile (or dropped), or not an object at all. */
export function hostileBody(schema: Schema): fc.Arbitrary<unknown> {
  const base = plausibleValue(schema) as Record<string, unknown>;
  const keys = Object.keys(schema.properties ?? {});
  const whole = fc.constantFrom<unknown>(null, [], "body", 42, nested(500), { ...base, unknownField: "x" }, ...BROKEN_JSON);
  if (keys.length === 0) return fc.oneof(whole, fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }));
  const swapped = fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1, maxLength: Math.min(3, keys.length) }).chain((chosen) =>
    fc.tuple(...chosen.map((k) => fc.option(hostileValue(schema.properties![k], k), { freq: 8, nil: undefined }))).map((values) => {
      const out: Record<string, unknown> = { ...base };
      for (const [i, k] of chosen.entries()) {
        if (values[i] === undefined) delete out[k];
        else out[k] = values[i];
      }
      return out;
    }),
  );
  const windowArb = farWindow(keys, isTimeName);
  const far = windowArb ? [{ weight: 2, arbitrary: windowArb.map((w) => ({ ...base, ...w })) }] : [];
  return fc.oneof({ weight: 8, arbitrary: swapped }, { weight: 1, arbitrary: whole }, ...far);
}

/**
 * A string for a path segment or query value. Malformed %-sequences are sent as they are, and a
 * lone surrogate (which encodeURIComponent refuses) as the bytes of its invalid UTF-8 form.
 */
function asUrlText(value: unknown): string {
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (typeof value === "string" && (/%(?![0-9A-F]{2})/i.test(text) || text.startsWith("%"))) return text;
  return text
    .split(/([\uD800-\uDFFF])/)
    .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? "%ED%A0%80" : encodeURIComponent(part)))
    .join("");
}

function queryPairs(name: string, value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => `${encodeURIComponent(name)}=${asUrlText(v)}`);
}

/** Printable header text: fetch refuses CR, LF, NUL and non-Latin-1 in headers, so those are escaped. */
function headerText(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  return text.replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).slice(0, 4_000);
}

/**
 * Requests for one operation: every parameter plausible or hostile, the body as hostileBody.
 * `pathDefault` names an existing target for a path parameter left plausible (an unknown id otherwise).
 */
export function hostileRequest(
  op: Operation,
  pathDefault: (op: Operation, name: string) => string | undefined = () => undefined,
): fc.Arbitrary<HostileRequest> {
  const params = op.parameters;
  // Which parameters are hostile; with a body to be hostile they may all stay plausible (so the
  // body reaches an existing target).
  const someParams: fc.Arbitrary<{ chosen: string[]; far: Record<string, string> }> = (
    params.length
      ? fc.uniqueArray(fc.constantFrom(...params.map((p) => p.name)), { minLength: op.body ? 0 : 1, maxLength: Math.min(3, params.length) })
      : fc.constant<string[]>([])
  ).map((chosen) => ({ chosen, far: {} }));
  // Or, for a window (from, to), both of its ends far away.
  const windowArb = farWindow(
    params.map((p) => p.name),
    isTimeName,
  );
  const hostileParams = windowArb
    ? fc.oneof({ weight: 4, arbitrary: someParams }, { weight: 1, arbitrary: windowArb.map((far) => ({ chosen: Object.keys(far), far })) })
    : someParams;
  const paramValue = (p: Parameter, chosen: string[], far: Record<string, string>): fc.Arbitrary<unknown> => {
    if (p.name in far) return fc.constant(far[p.name]);
    if (chosen.includes(p.name)) return hostileValue(p.schema, p.name);
    return fc.constant(p.in === "path" ? (pathDefault(op, p.name) ?? "no-such-id") : plausibleValue(p.schema, p.name));
  };
  return hostileParams.chain(({ chosen, far }) =>
    fc
      .tuple(
        fc.tuple(...params.map((p) => paramValue(p, chosen, far))),
        op.body ? hostileBody(op.body) : ["GET", "DELETE"].includes(op.method) ? fc.constant(undefined) : hostileBody({}),
        fc.option(fc.constantFrom(...HOSTILE_ACCEPT_LANGUAGE), { freq: 4 }),
      )
      .map(([values, body, acceptLanguage]) => {
        let path = op.path;
        const query: string[] = [];
        const headers: Record<string, string> = acceptLanguage === null ? {} : { "accept-language": headerText(acceptLanguage) };
        params.forEach((p, i) => {
          const value = values[i];
          if (p.in === "path") path = path.replace(`{${p.name}}`, asUrlText(value));
          else if (p.in === "header") headers[p.name.toLowerCase()] = headerText(value);
          // Optional query parameters are left out unless chosen, as a browser would.
          else if (p.required || chosen.includes(p.name)) query.push(...queryPairs(p.name, value));
        });
        if (query.length) path += `?${query.join("&")}`;
        if (body !== undefined) headers["content-type"] = "application/json";
        return { method: op.method, path, headers, body: body === undefined ? undefined : body instanceof BrokenJson ? body.text : JSON.stringify(body) };
      }),
  );
}

/** A body that is sent as its text: not JSON at all, or JSON a strict parser refuses. */
class BrokenJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

const BROKEN_JSON = ["", "{", '{"title":', "[1,2", "\uFEFF{}", "NaN", "undefined", "{'a':1}", '{"a":1}{"b":2}', "\u0000", '{"__proto__":{"x":1}}'].map(
  (t) => new BrokenJson(t),
);

/**
 * Raw uploads for `PUT …/file`: the file's bytes as the body, its name in X-File-Name (hostile
 * names, %-sequences among them) and any Content-Type.
 */
export function hostileUpload(op: Operation, slug: string): fc.Arbitrary<HostileRequest> {
  const magic = fc.constantFrom("%PDF-1.7\n", "\x89PNG\r\n\x1a\n", "PK\x03\x04", "", "GIF89a", "<svg onload=alert(1)>");
  const name = fc.oneof(
    fc.constantFrom("plan.pdf", "plan.PDF", ".pdf", "a.pdf.exe", "../../plan.pdf", "%E0%A4%A.pdf", "100%.pdf", "%2e%2e%2fplan.pdf", "plan%0d%0a.pdf"),
    hostileString,
  );
  const type = fc.constantFrom("application/pdf", "image/png", "text/html", "application/json", "", "multipart/form-data; boundary=x");
  const path = fc.oneof({ weight: 4, arbitrary: fc.constant(slug) }, { weight: 1, arbitrary: hostileString.map(asUrlText) });
  return fc.tuple(magic, fc.nat({ max: 4096 }), name, type, path).map(([head, pad, fileName, contentType, target]) => ({
    method: op.method,
    path: op.path.replace("{slug}", target),
    headers: { "content-type": contentType, "x-file-name": headerText(fileName) },
    body: head + "x".repeat(pad),
  }));
}
