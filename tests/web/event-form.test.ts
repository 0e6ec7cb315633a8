/** What the event form sends on an edit: the fields the person changed, nothing else. */
import { describe, expect, it } from "vitest";
import type { EventDetail } from "../../functions/events/events.schema.ts";
import { changedFields, fromEvent, toBody } from "../../web/src/lib/event-form.ts";

const organiser = (id: string, isLead: boolean) => ({ id, slug: id, name: id, shortName: null, isLead });
const event = {
  id: "e1",
  slug: "e1",
  busy: false,
  title: "Shelter call",
  summary: null,
  description: "Agenda by mail.\n",
  type: "meeting",
  status: "confirmed",
  visibility: "partners",
  allDay: false,
  startsAt: "2030-04-02T10:00",
  endsAt: "2030-04-02T11:30",
  timeZone: "Europe/London",
  start: "",
  end: "",
  recurring: true,
  city: "Riga",
  country: "LV",
  attendanceMode: "hybrid",
  languages: ["ru", "lv"],
  ownerOrganisationId: "marta",
  organisers: [organiser("marta", true), organiser("ncm", false), organiser("riga-city", false)],
  topics: ["b", "a"],
  audiences: [],
  isSample: false,
  venue: null,
  onlineUrl: null,
  registrationUrl: null,
  rrule: "FREQ=MONTHLY;BYDAY=2TU",
  exdates: ["2030-05-14T10:00"],
  contacts: [],
  projects: [],
  documents: [],
  manage: {
    moderation: "published",
    version: 3,
    ownerOrganisationId: "marta",
    pendingChanges: null,
    reviewComment: null,
    submittedAt: null,
    clashJustification: null,
  },
} as unknown as EventDetail;

describe("changedFields", () => {
  const loaded = toBody(fromEvent(event, true), false, true);

  it("is empty for an untouched form, whatever the form would tidy (a trailing newline, a zone it does not list)", () => {
    expect(changedFields(loaded, toBody(fromEvent(event, true), false, true))).toEqual({});
  });

  it("holds only the changed field; lists compare as sets, except the organisers' lead", () => {
    const form = fromEvent(event, true);
    expect(
      changedFields(
        loaded,
        toBody({ ...form, title: "New title", topics: ["a", "b"], languages: ["lv", "ru"], coOrganisers: ["riga-city", "ncm"] }, false, true),
      ),
    ).toEqual({ title: "New title" });
    expect(changedFields(loaded, toBody({ ...form, ownerOrganisationId: "ncm", coOrganisers: ["marta", "riga-city"] }, false, true))).toEqual({
      ownerOrganisationId: "ncm",
      organisers: ["ncm", "marta", "riga-city"],
    });
    expect(changedFields(loaded, toBody({ ...form, rrule: "", exdates: [] }, false, true))).toEqual({ rrule: null, exdates: [] });
  });
});
