/**
 * Every issue of a 400 carries a stable `code` beside the English rule, so that a client (the web
 * app's forms, an integration) can word the rule itself without matching English text. One bad
 * value per case, across the resources; each must name its field and the right code.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { RULE_CODES } from "../../functions/errors.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { dayFrom, useStack } from "../support/stack.ts";

const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
const stack = useStack({ today: TODAY });
let coordinator: ApiClient;
let partner: ApiClient;
let anonymous: ApiClient;
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
  anonymous = new ApiClient(stack.worker.baseUrl);
});

type Issue = { field: string; rule: string; code: string };
const event = (o: Record<string, unknown> = {}) => ({
  title: "Codes",
  type: "meeting",
  startsAt: "2031-01-10T10:00",
  endsAt: "2031-01-10T11:00",
  timeZone: "Europe/Riga",
  organisers: ["nbpn"],
  ownerOrganisationId: "nbpn",
  ...o,
});
const organisation = (o: Record<string, unknown> = {}) => ({ slug: "codes-org", name: "Codes", kind: "ngo", ...o });
const person = (o: Record<string, unknown> = {}) => ({ name: "Liisa Esimerkki", lawfulBasis: "legitimate_interest", ...o });
const document = (o: Record<string, unknown> = {}) => ({ title: "Referral guideline", kind: "guideline", issuers: ["ndphs"], ...o });
const hold = (o: Record<string, unknown> = {}) => ({ organisationId: "nbpn", title: "Forum", startsOn: day(200), endsOn: day(201), expiresOn: day(150), ...o });

/** [what, request, status, field, code] */
const CASES: [string, () => Promise<{ status: number; body: any }>, number, string, string][] = [
  ["event without a title", () => partner.post("/api/events", event({ title: "" })), 400, "title", "required"],
  ["event with a title too long", () => partner.post("/api/events", event({ title: "x".repeat(201) })), 400, "title", "too_long"],
  ["event of an unknown type", () => partner.post("/api/events", event({ type: "party" })), 400, "type", "one_of"],
  ["event with a field it does not take", () => partner.post("/api/events", event({ colour: "red" })), 400, "colour", "unknown_field"],
  ["event ending before it starts", () => partner.post("/api/events", event({ endsAt: "2031-01-10T09:00" })), 400, "endsAt", "after_start"],
  ["event with a country name", () => partner.post("/api/events", event({ country: "Estonia" })), 400, "country", "country_code"],
  ["event with a language name", () => partner.post("/api/events", event({ languages: ["English"] })), 400, "languages[0]", "language_tag"],
  ["event with an http link", () => partner.post("/api/events", event({ registrationUrl: "http://example.org" })), 400, "registrationUrl", "link"],
  ["event with a topic that is no id", () => partner.post("/api/events", event({ topics: ["Victim Support"] })), 400, "topics[0]", "id"],
  ["event naming a topic twice", () => partner.post("/api/events", event({ topics: ["victim-support", "victim-support"] })), 400, "topics", "duplicate"],
  ["event with an unknown topic", () => partner.post("/api/events", event({ topics: ["no-such-topic"] })), 400, "topics[0]", "unknown_id"],
  ["event in an unknown time zone", () => partner.post("/api/events", event({ timeZone: "Mars/Olympus" })), 400, "timeZone", "time_zone"],
  ["event in 1066", () => partner.post("/api/events", event({ startsAt: "1066-10-14T09:00" })), 400, "startsAt", "date_range"],
  ["event on the 13th month", () => partner.post("/api/events", event({ startsAt: "2031-13-01T10:00" })), 400, "startsAt", "date_time_format"],
  [
    "event ending at a time of day that does not exist",
    () => partner.post("/api/events", event({ endsAt: "2031-01-10T99:99" })),
    400,
    "endsAt",
    "date_time_format",
  ],
  ["event starting at 25:00", () => partner.post("/api/events", event({ startsAt: "2031-01-10T25:00" })), 400, "startsAt", "date_time_format"],
  ["event in a UTC offset, not a zone", () => partner.post("/api/events", event({ timeZone: "+02:00" })), 400, "timeZone", "time_zone"],
  ["event in a zone written in lower case", () => partner.post("/api/events", event({ timeZone: "europe/riga" })), 400, "timeZone", "time_zone"],
  ["a month in a UTC offset", () => anonymous.get("/api/events?from=2031-01-01&to=2031-01-31&tz=%2B02:00"), 400, "tz", "time_zone"],
  ["event repeating 5000 times", () => partner.post("/api/events", event({ rrule: "FREQ=WEEKLY;COUNT=5000" })), 400, "rrule", "recurrence_count"],
  [
    "event for another organisation",
    () => partner.post("/api/events", event({ ownerOrganisationId: "ncm", organisers: ["ncm"] })),
    403,
    "ownerOrganisationId",
    "own_organisation",
  ],
  [
    "organisation with an http website",
    () => coordinator.post("/api/organisations", organisation({ website: "http://example.org" })),
    400,
    "website",
    "https_url",
  ],
  ["organisation with a one-letter slug", () => coordinator.post("/api/organisations", organisation({ slug: "a" })), 400, "slug", "id"],
  ["organisation with countries as text", () => coordinator.post("/api/organisations", organisation({ countries: "EE,LV" })), 400, "countries", "wrong_type"],
  [
    "organisation with a lower-case country",
    () => coordinator.post("/api/organisations", organisation({ countries: ["EE", "lv"] })),
    400,
    "countries[1]",
    "country_code",
  ],
  ["person with a bad address", () => coordinator.post("/api/people", person({ email: "not-an-address" })), 400, "email", "email"],
  ["person with letters for a phone", () => coordinator.post("/api/people", person({ phone: "call me" })), 400, "phone", "phone"],
  ["person by consent without its date", () => coordinator.post("/api/people", person({ lawfulBasis: "consent" })), 400, "consentAt", "required"],
  ["document issued in month 13", () => coordinator.post("/api/documents", document({ issuedOn: "2030-13" })), 400, "issuedOn", "format"],
  ["document with an ftp link", () => coordinator.post("/api/documents", document({ url: "ftp://example.org/a.pdf" })), 400, "url", "https_url"],
  ["document without issuers", () => coordinator.post("/api/documents", document({ issuers: [] })), 400, "issuers", "too_few"],
  ["hold ending before it starts", () => partner.post("/api/holds", hold({ endsOn: day(199) })), 400, "endsOn", "not_before_start"],
  ["hold expiring after it starts", () => partner.post("/api/holds", hold({ expiresOn: day(201) })), 400, "expiresOn", "dates_in_order"],
  ["hold that expired already", () => partner.post("/api/holds", hold({ expiresOn: day(-1) })), 400, "expiresOn", "not_past"],
  ["hold for another organisation", () => partner.post("/api/holds", hold({ organisationId: "ncm" })), 403, "organisationId", "own_organisation"],
  ["subscription with a bad address", () => anonymous.post("/api/subscriptions", { email: "not-an-address" }), 400, "email", "email"],
  [
    "subscription with a bad country",
    () => anonymous.post("/api/subscriptions", { email: "a@example.org", countries: ["xx"] }),
    400,
    "countries[0]",
    "country_code",
  ],
  [
    "subscription in an unknown time zone",
    () => anonymous.post("/api/subscriptions", { email: "a@example.org", timeZone: "Nowhere" }),
    400,
    "timeZone",
    "time_zone",
  ],
  ["event list with to before from", () => anonymous.get("/api/events?from=2031-02-01&to=2031-01-01"), 400, "to", "not_before_start"],
  ["event list without from", () => anonymous.get("/api/events?to=2031-01-01"), 400, "from", "required"],
  // Number() would read these as 2023 and 1000.
  ["heatmap year in hex", () => anonymous.get("/api/heatmap?year=0x7e7"), 400, "year", "format"],
  ["heatmap year as an exponent", () => anonymous.get("/api/heatmap?year=2e3"), 400, "year", "format"],
  // A repeated key is read by its last value, as every route reads it.
  ["heatmap year repeated, the last one bad", () => anonymous.get("/api/heatmap?year=2031&year=x"), 400, "year", "format"],
  ["free dates with an empty limit", () => anonymous.get(`/api/free-dates?from=${day(1)}&to=${day(20)}&limit=`), 400, "limit", "format"],
];

describe("rules in words", () => {
  it("states a bound a schema gave no words of its own plainly, never in zod's wording", async () => {
    const clash = (extra: Record<string, unknown>) =>
      anonymous.post("/api/clash-check", { startsAt: "2031-01-10T10:00", endsAt: "2031-01-10T11:00", timeZone: "Europe/Riga", ...extra });
    const below = await clash({ marginDays: -1 });
    expect(below.status).toBe(400);
    expect(below.body.error.issues).toContainEqual({ field: "marginDays", rule: "must be at least 0", code: "out_of_range" });
    const misspelt = await clash({ audience: ["police"] });
    expect(misspelt.body.error.issues).toContainEqual({ field: "audience", rule: "is not a field this request takes", code: "unknown_field" });
    const long = await clash({ excludeSlug: "x".repeat(121) });
    expect(long.body.error.issues).toContainEqual({ field: "excludeSlug", rule: "must be at most 120 characters", code: "too_long" });
  });
});

describe("rule codes in error bodies", () => {
  it.each(CASES)("%s: names the field and its code", async (_what, request, status, field, code) => {
    const res = await request();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const issues = (res.body.error?.issues ?? []) as Issue[];
    expect(
      issues.find((i) => i.field === field),
      JSON.stringify(res.body),
    ).toMatchObject({ field, code });
    // Every issue has a code the API documents, and its English rule still.
    for (const issue of issues) {
      expect(Object.keys(RULE_CODES)).toContain(issue.code);
      expect(issue.rule).toEqual(expect.any(String));
    }
  });

  it("lists every code in the OpenAPI error schema", async () => {
    const doc = (await anonymous.get("/api/openapi.json")).body;
    const code = doc.components.schemas.ErrorBody.properties.error.properties.issues.items.properties.code;
    expect(code.enum).toEqual(Object.keys(RULE_CODES));
    expect(doc.paths["/api/events"].post.responses["400"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ErrorBody" });
  });
});
