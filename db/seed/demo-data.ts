/**
 * Demo data. The organisations, projects, past activities and base documents come from the Nordic
 * Council of Ministers' 2009 report to the Nordic Council on its work against human trafficking
 * (../shared/origin). Upcoming events and all people are clearly marked fictional samples, placed
 * relative to `today` so the calendar always has something ahead.
 */
import { addDays } from "../../functions/lib/time.ts";
import type * as s from "../schema.ts";

type Row<T extends { $inferInsert: unknown }> = T["$inferInsert"];
type EventSeed = Omit<Row<typeof s.events>, "startUtc" | "endUtc" | "slug"> & {
  organisers: string[];
  topics?: string[];
  audiences?: string[];
  contacts?: string[];
  projects?: string[];
  documents?: string[];
};

export const topicRows: Row<typeof s.topics>[] = [
  { id: "sexual-exploitation", label: "Sexual exploitation" },
  { id: "labour-exploitation", label: "Labour exploitation" },
  { id: "victim-support", label: "Victim identification and support" },
  { id: "health-care", label: "Health care access" },
  { id: "prevention", label: "Prevention and awareness" },
  { id: "police-cooperation", label: "Police and cross-border cooperation" },
  { id: "children-youth", label: "Children and young people" },
  { id: "gender-equality", label: "Gender equality" },
  { id: "prostitution", label: "Prostitution" },
  { id: "drugs", label: "Drugs" },
  { id: "legislation", label: "Legislation and prosecution" },
  { id: "research", label: "Research and data" },
];

export const audienceRows: Row<typeof s.audiences>[] = [
  { id: "police", label: "Police" },
  { id: "border-guards", label: "Border guards" },
  { id: "prosecutors-judges", label: "Prosecutors and judges" },
  { id: "social-workers", label: "Social workers" },
  { id: "health-workers", label: "Health workers" },
  { id: "ngos", label: "NGOs" },
  { id: "policy-makers", label: "Policy makers and ministries" },
  { id: "researchers", label: "Researchers" },
  { id: "youth-workers", label: "Youth workers and teachers" },
];

const NORDIC = ["DK", "FI", "IS", "NO", "SE"];
const BALTIC = ["EE", "LV", "LT"];

export const organisationRows: Row<typeof s.organisations>[] = [
  { id: "ncm", slug: "ncm", name: "Nordic Council of Ministers", shortName: "NCM", kind: "intergovernmental", countries: NORDIC, city: "Copenhagen", website: "https://www.norden.org", description: "Official intergovernmental body for Nordic cooperation; drives the coordination of work against human trafficking in the Northern Dimension region." },
  { id: "mr-jam", slug: "mr-jam", name: "Nordic Council of Ministers for Gender Equality", shortName: "MR-JÄM", kind: "intergovernmental", parentId: "ncm", countries: NORDIC, city: "Copenhagen" },
  { id: "mr-s", slug: "mr-s", name: "Nordic Council of Ministers for Health and Social Affairs", shortName: "MR-S", kind: "intergovernmental", parentId: "ncm", countries: NORDIC, city: "Copenhagen" },
  { id: "mr-lag", slug: "mr-lag", name: "Nordic Council of Ministers for Legislative Affairs", shortName: "MR-LAG", kind: "intergovernmental", parentId: "ncm", countries: NORDIC, city: "Copenhagen" },
  { id: "mr-narko", slug: "mr-narko", name: "Nordic cooperation on drugs", shortName: "MR-Narko", kind: "intergovernmental", parentId: "ncm", countries: NORDIC, city: "Copenhagen" },
  { id: "ncm-st-petersburg", slug: "ncm-st-petersburg", name: "Nordic Council of Ministers' Office in St Petersburg", shortName: "NCM St Petersburg", kind: "intergovernmental", parentId: "ncm", countries: ["RU"], city: "St Petersburg" },
  { id: "ncm-riga", slug: "ncm-riga", name: "Nordic Council of Ministers' Office in Latvia", shortName: "NCM Riga", kind: "intergovernmental", parentId: "ncm", countries: ["LV"], city: "Riga" },
  { id: "nordic-council", slug: "nordic-council", name: "Nordic Council", kind: "intergovernmental", countries: NORDIC, city: "Copenhagen", description: "The parliamentary body of Nordic cooperation; receives the Council of Ministers' reports." },
  { id: "ndphs", slug: "ndphs", name: "Northern Dimension Partnership in Public Health and Social Well-being", shortName: "NDPHS", kind: "intergovernmental", countries: [...NORDIC, ...BALTIC, "DE", "PL", "RU"], description: "Partnership of the Northern Dimension countries; trafficking in human beings is part of its action plan since 2008." },
  { id: "who-europe", slug: "who-europe", name: "WHO Regional Office for Europe", shortName: "WHO Europe", kind: "health", countries: ["DK"], city: "Copenhagen" },
  { id: "nhv", slug: "nhv", name: "Nordic School of Public Health", shortName: "NHV", kind: "research", parentId: "ncm", countries: ["SE"], city: "Gothenburg" },
  { id: "fafo", slug: "fafo", name: "Fafo Institute for Labour and Social Research", shortName: "Fafo", kind: "research", countries: ["NO"], city: "Oslo" },
  { id: "nikk", slug: "nikk", name: "Nordic Institute for Knowledge on Gender", shortName: "NIKK", kind: "research", parentId: "ncm", countries: NORDIC, city: "Oslo" },
  { id: "nbpn", slug: "nbpn", name: "Nordic-Baltic Policewomen's Network", shortName: "NBPN", kind: "network", countries: [...NORDIC, ...BALTIC] },
  { id: "marta", slug: "marta", name: "Marta Centre", shortName: "Marta", kind: "ngo", countries: ["LV"], city: "Riga", description: "Women's rights NGO in Riga." },
  { id: "riga-city", slug: "riga-city", name: "City of Riga", kind: "municipality", countries: ["LV"], city: "Riga" },
  { id: "spb-administration", slug: "spb-administration", name: "St Petersburg City Administration", kind: "government", countries: ["RU"], city: "St Petersburg" },
];

export const projectRows: (Row<typeof s.projects> & { lead: string; partners: string[]; topics: string[] })[] = [
  { id: "health-care-access", slug: "health-care-access", title: "Knowledge overview and action plan on health-care access for victims of sexual trafficking", description: "Nordic-Baltic knowledge overview and action plan on access to health care in sexual trafficking.", status: "completed", startDate: "2009-01-01", endDate: "2010-12-31", budgetAmount: 500000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: [...NORDIC, ...BALTIC], lead: "ncm", partners: ["who-europe", "nhv"], topics: ["health-care", "sexual-exploitation", "victim-support"] },
  { id: "peer-review-police-social", slug: "peer-review-police-social", title: "Peer Review: combating trafficking in human beings — police and social cooperation models", status: "completed", startDate: "2009-01-01", endDate: "2010-12-31", budgetAmount: 500000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: NORDIC, lead: "ncm", partners: ["fafo"], topics: ["police-cooperation", "victim-support"] },
  { id: "my-vision", slug: "my-vision", title: "\"My vision\" — empowerment of young people", description: "NGOs working with local authorities to strengthen young people against exploitation.", status: "completed", startDate: "2009-01-01", endDate: "2010-12-31", budgetAmount: 1200000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: [...BALTIC, "RU"], lead: "ncm", partners: [], topics: ["children-youth", "prevention"] },
  { id: "teenagers-in-institutions", slug: "teenagers-in-institutions", title: "Preventing trafficking in teenagers in institutions in the Baltic countries and North-West Russia", status: "completed", startDate: "2009-01-01", endDate: "2010-12-31", budgetAmount: 1300000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: [...BALTIC, "RU"], lead: "ncm", partners: ["ncm-st-petersburg"], topics: ["children-youth", "prevention"] },
  { id: "mobility-programme", slug: "mobility-programme", title: "Mobility programme \"Efforts in fighting against trafficking in human beings\"", description: "Exchange programme since 2007; police mobility since 2008.", status: "completed", startDate: "2007-01-01", endDate: "2010-12-31", budgetAmount: 3150000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: [...NORDIC, ...BALTIC, "RU"], lead: "ncm", partners: ["ncm-st-petersburg", "ncm-riga"], topics: ["police-cooperation"] },
  { id: "pol-e-quality-wanted", slug: "pol-e-quality-wanted", title: "Pol-E-Quality Wanted", status: "completed", startDate: "2004-01-01", endDate: "2005-12-31", budgetAmount: 100000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: [...NORDIC, ...BALTIC], lead: "nbpn", partners: [], topics: ["police-cooperation", "gender-equality"] },
  { id: "drugs-prostitution-seminars", slug: "drugs-prostitution-seminars", title: "Seminar series \"Drugs, prostitution, trafficking in women — a gender perspective\"", description: "Seminars in St Petersburg, Narva, Liepaja, Klaipeda and Kaliningrad, closing seminar in Riga.", status: "completed", startDate: "2004-01-01", endDate: "2004-12-31", budgetAmount: 550000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: ["RU", "EE", "LV", "LT"], lead: "ncm", partners: ["mr-narko", "mr-jam"], topics: ["drugs", "prostitution", "gender-equality"] },
  { id: "gender-drugs-sexual-health", slug: "gender-drugs-sexual-health", title: "Gender equality, drugs, sexual health and children and young adults", status: "completed", startDate: "2004-09-13", endDate: "2006-12-31", budgetAmount: 1500000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: ["RU"], lead: "ncm", partners: ["ncm-st-petersburg"], topics: ["gender-equality", "drugs", "children-youth", "health-care"] },
  { id: "prostitution-report", slug: "prostitution-report", title: "Report \"Prostitution – a social problem?\"", status: "completed", startDate: "2003-01-01", endDate: "2004-12-31", budgetAmount: 200000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: NORDIC, lead: "ncm", partners: [], topics: ["prostitution", "research"] },
  { id: "mapping-northern-trafficking", slug: "mapping-northern-trafficking", title: "Mapping of trafficking in women in northern Finland, Norway, Sweden and North-West Russia (Murmansk oblast)", status: "completed", startDate: "2003-01-01", endDate: "2005-12-31", budgetAmount: 1000000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: ["FI", "NO", "SE", "RU"], lead: "ncm", partners: [], topics: ["research", "sexual-exploitation"] },
  { id: "nordic-baltic-campaign", slug: "nordic-baltic-campaign", title: "Joint Nordic-Baltic Campaign against Trafficking in Women", status: "completed", startDate: "2002-01-01", endDate: "2003-04-30", budgetAmount: 1650000, budgetCurrency: "DKK", fundingSource: "Nordic Council of Ministers", countries: [...NORDIC, ...BALTIC], lead: "ncm", partners: ["mr-jam"], topics: ["prevention", "sexual-exploitation", "gender-equality"] },
];

export const documentRows: (Row<typeof s.documents> & { issuers: string[]; topics: string[] })[] = [
  { id: "nb8-mou-2009", slug: "nb8-mou-2009", title: "NB-8 Memorandum of Understanding to Combat Trafficking in Human Beings for Sexual Purposes", kind: "memorandum", issuedOn: "2009-03-04", languages: ["en"], countries: [...NORDIC, ...BALTIC], summary: "Approved by the Nordic and Baltic ministers on 4 March 2009.", issuers: ["ncm"], topics: ["sexual-exploitation", "police-cooperation"] },
  { id: "nw-russia-guidelines", slug: "nw-russia-guidelines", title: "Guidelines for cooperation with North-West Russia 2009–2013", kind: "guideline", issuedOn: "2009", languages: ["en"], countries: ["RU"], issuers: ["ncm"], topics: ["prevention"] },
  { id: "ndphs-action-plan-2008", slug: "ndphs-action-plan-2008", title: "NDPHS Action Plan 2008/2009", kind: "action_plan", issuedOn: "2008", languages: ["en"], countries: [...NORDIC, ...BALTIC, "DE", "PL", "RU"], summary: "Puts trafficking in human beings on the Partnership's agenda.", issuers: ["ndphs"], topics: ["health-care", "victim-support"] },
  { id: "st-petersburg-protocol-of-intent", slug: "st-petersburg-protocol-of-intent", title: "St Petersburg Protocol of Intent", kind: "memorandum", languages: ["ru", "en"], countries: ["RU"], issuers: ["spb-administration", "ncm"], topics: ["police-cooperation"] },
  { id: "dk-action-plan-2002", slug: "dk-action-plan-2002", title: "Danish national action plan against trafficking in women", kind: "action_plan", issuedOn: "2002-12", languages: ["da"], countries: ["DK"], issuers: [], topics: ["sexual-exploitation", "victim-support"] },
  { id: "no-action-plan-2003", slug: "no-action-plan-2003", title: "Norwegian national action plan against trafficking in women and children", kind: "action_plan", issuedOn: "2003-02", languages: ["nb"], countries: ["NO"], issuers: [], topics: ["sexual-exploitation", "children-youth"] },
  { id: "prostitution-social-problem", slug: "prostitution-social-problem", title: "Prostitution – a social problem?", kind: "report", issuedOn: "2004", languages: ["sv", "da", "nb"], countries: NORDIC, issuers: ["ncm"], topics: ["prostitution", "research"] },
  { id: "ncm-report-2009", slug: "ncm-report-2009", title: "Report to the Nordic Council on the work against trafficking in human beings (Document 8, 2009)", kind: "report", issuedOn: "2009", languages: ["da", "sv"], countries: NORDIC, summary: "The report this calendar grew out of: it asks for a shared calendar so that conferences do not fall on the same dates.", issuers: ["ncm"], topics: ["research"] },
];

// Sample people count as already notified, so the notice job never mails them.
export const personRows: (Row<typeof s.people> & { organisations: [string, string][]; topics: string[] })[] = [
  { id: "sample-kari-nordmann", name: "Kari Nordmann", title: "Senior adviser (sample record)", countries: ["NO"], languages: ["nb", "en"], email: "kari.nordmann@example.org", emailVisibility: "public", phone: "+47 00 00 00 00", lawfulBasis: "consent", consentAt: "2026-01-15T10:00:00Z", isSample: true, notifiedAt: "2026-01-15T10:00:00Z", organisations: [["ncm", "Senior adviser"]], topics: ["police-cooperation", "victim-support"] },
  { id: "sample-matti-meikalainen", name: "Matti Meikäläinen", title: "Researcher (sample record)", countries: ["FI"], languages: ["fi", "sv", "en"], email: "matti.meikalainen@example.org", emailVisibility: "partners", lawfulBasis: "consent", consentAt: "2026-02-01T09:00:00Z", isSample: true, organisations: [["nhv", "Researcher"]], topics: ["health-care", "research"] },
  { id: "sample-janis-berzins", name: "Jānis Bērziņš", title: "Project coordinator (sample record)", countries: ["LV"], languages: ["lv", "ru", "en"], email: "janis.berzins@example.org", lawfulBasis: "legitimate_interest", isSample: true, organisations: [["marta", "Project coordinator"]], topics: ["victim-support", "prevention"] },
  { id: "sample-erika-mustermann", name: "Erika Mustermann", title: "Detective inspector (sample record)", countries: ["DE"], languages: ["de", "en"], email: "erika.mustermann@example.org", lawfulBasis: "public_task", isSample: true, organisations: [["nbpn", "Board member"]], topics: ["police-cooperation"] },
  { id: "sample-jan-kowalski", name: "Jan Kowalski", title: "Social worker (sample record)", countries: ["PL"], languages: ["pl", "en"], lawfulBasis: "consent", consentAt: "2026-03-10T12:00:00Z", isSample: true, organisations: [["ndphs", "Expert group member"]], topics: ["victim-support", "children-youth"] },
  { id: "sample-ivan-ivanov", name: "Ivan Ivanov", title: "Programme officer (sample record)", countries: ["RU"], languages: ["ru", "en"], email: "ivan.ivanov@example.org", emailVisibility: "public", lawfulBasis: "consent", consentAt: "2026-01-20T08:00:00Z", isSample: true, organisations: [["ncm-st-petersburg", "Programme officer"]], topics: ["children-youth", "prevention"] },
];

/** Sample accounts, one for each role, so a new user can try them through the local mail catcher. */
export const accountRows: (Row<typeof s.users> & { organisations: string[] })[] = [
  { id: "sample-admin", email: "admin@example.org", name: "Ada Admin (sample)", role: "admin", isSample: true, organisations: [] },
  { id: "sample-coordinator", email: "coordinator@example.org", name: "Cora Coordinator (sample)", role: "coordinator", isSample: true, organisations: [] },
  { id: "sample-partner-marta", email: "partner.marta@example.org", name: "Pia Partner, Marta (sample)", role: "user", isSample: true, organisations: ["marta"] },
  { id: "sample-partner-nbpn", email: "partner.nbpn@example.org", name: "Per Partner, NBPN (sample)", role: "user", isSample: true, organisations: ["nbpn"] },
];

/** The past activities the report names, with the dates and places it gives. */
function pastEvents(): EventSeed[] {
  const monthOnly = "The report gives the month only; the day shown is a placeholder.";
  return [
    { id: "nordic-baltic-campaign-closing-2003", title: "Closing ministerial meeting of the Nordic-Baltic Campaign against Trafficking in Women", type: "meeting", status: "confirmed", allDay: true, startsAt: "2003-04-10", endsAt: "2003-04-10", timeZone: "Europe/Stockholm", city: "Stockholm", country: "SE", description: monthOnly, organisers: ["ncm", "mr-jam"], topics: ["prevention", "sexual-exploitation"], audiences: ["policy-makers"], projects: ["nordic-baltic-campaign"] },
    { id: "gender-drugs-kickoff-2004", title: "Kick-off: Gender equality, drugs, sexual health and children and young adults", type: "conference", status: "confirmed", allDay: true, startsAt: "2004-09-13", endsAt: "2004-09-13", timeZone: "Europe/Moscow", city: "St Petersburg", country: "RU", organisers: ["ncm", "ncm-st-petersburg"], topics: ["gender-equality", "drugs", "children-youth"], audiences: ["policy-makers", "social-workers", "health-workers"], projects: ["gender-drugs-sexual-health"] },
    { id: "riga-campaign-seminar-2005", title: "The Nordic Baltic Campaign against Trafficking in Women — effective ways to move forward", type: "seminar", status: "confirmed", allDay: true, startsAt: "2005-12-09", endsAt: "2005-12-11", timeZone: "Europe/Riga", city: "Riga", country: "LV", organisers: ["riga-city", "marta", "ncm-riga"], topics: ["prevention", "sexual-exploitation"], audiences: ["ngos", "policy-makers", "social-workers"] },
    { id: "spb-gender-equality-conference-2006", title: "Nordic cooperation, gender equality and sustainable development in the EU's Northern Dimension Region", type: "conference", status: "confirmed", allDay: true, startsAt: "2006-09-08", endsAt: "2006-09-08", timeZone: "Europe/Moscow", city: "St Petersburg", country: "RU", organisers: ["ncm", "ncm-st-petersburg"], topics: ["gender-equality"], audiences: ["policy-makers", "ngos"] },
    { id: "council-coordination-seminar-2006", title: "Seminar for MR-S, MR-JÄM and MR-LAG on coordinating the work against trafficking", type: "seminar", status: "confirmed", allDay: true, startsAt: "2006-09-20", endsAt: "2006-09-20", timeZone: "Europe/Copenhagen", description: monthOnly, organisers: ["ncm", "mr-s", "mr-jam", "mr-lag"], topics: ["legislation", "victim-support"], audiences: ["policy-makers"] },
    { id: "social-ministers-round-table-2006", title: "Round-table conference of Nordic and Baltic social ministers with Poland, Germany and Russia", type: "conference", status: "confirmed", allDay: true, startsAt: "2006-10-16", endsAt: "2006-10-16", timeZone: "Europe/Copenhagen", description: monthOnly, organisers: ["mr-s"], topics: ["victim-support"], audiences: ["policy-makers"] },
    { id: "spb-cooperation-conference-2008", title: "Cooperation to combat trafficking in human beings between North-West Russia, Baltic and Nordic countries", type: "conference", status: "confirmed", allDay: true, startsAt: "2008-04-22", endsAt: "2008-04-23", timeZone: "Europe/Moscow", city: "St Petersburg", country: "RU", description: monthOnly, organisers: ["ncm", "ncm-st-petersburg"], topics: ["police-cooperation", "prevention"], audiences: ["police", "policy-makers", "ngos"] },
    { id: "nikk-prostitution-conference-2008", title: "Conference on prostitution in the Nordic countries", type: "conference", status: "confirmed", allDay: true, startsAt: "2008-10-15", endsAt: "2008-10-15", timeZone: "Europe/Oslo", description: monthOnly, organisers: ["nikk"], topics: ["prostitution", "research"], audiences: ["researchers", "policy-makers"] },
    { id: "coordination-meeting-2008", title: "Coordination meeting of international organisations and task forces", type: "meeting", status: "confirmed", allDay: true, startsAt: "2008-12-10", endsAt: "2008-12-10", timeZone: "Europe/Copenhagen", city: "Copenhagen", country: "DK", description: `The meeting that led to this calendar. ${monthOnly}`, organisers: ["ncm"], topics: ["police-cooperation", "victim-support"], audiences: ["policy-makers"], documents: ["ndphs-action-plan-2008"] },
  ];
}

/** Fictional upcoming events, `days` from today; two deliberately share a week to show a clash. */
function sampleEvents(today: string): EventSeed[] {
  const day = (n: number) => addDays(today, n);
  const sample = { isSample: true, description: "Sample event: fictional demo data to show how the calendar works." };
  return [
    { ...sample, id: "sample-online-briefing", title: "Online briefing: new partners' introductions", type: "meeting", status: "confirmed", allDay: false, startsAt: `${day(-1)}T14:00`, endsAt: `${day(-1)}T15:00`, timeZone: "Europe/Copenhagen", attendanceMode: "online", onlineUrl: "https://example.org/meet/briefing", languages: ["en"], organisers: ["ncm"], topics: ["research"], audiences: ["ngos", "policy-makers"] },
    { ...sample, id: "sample-narva-youth-seminar", title: "Seminar on risks for young people across the border", type: "seminar", status: "confirmed", allDay: true, startsAt: day(1), endsAt: day(1), timeZone: "Europe/Tallinn", city: "Narva", country: "EE", languages: ["et", "ru"], organisers: ["ncm-st-petersburg"], topics: ["children-youth", "prevention"], audiences: ["youth-workers", "social-workers"] },
    { ...sample, id: "sample-task-force-call", title: "Task forces' coordination call (every other week)", type: "meeting", status: "confirmed", allDay: false, startsAt: `${day(2)}T10:00`, endsAt: `${day(2)}T11:00`, timeZone: "Europe/Copenhagen", rrule: "FREQ=WEEKLY;INTERVAL=2;COUNT=12", exdates: [`${day(30)}T10:00`], attendanceMode: "online", onlineUrl: "https://example.org/meet/task-forces", languages: ["en"], organisers: ["ncm"], topics: ["police-cooperation"], audiences: ["policy-makers", "police"] },
    { ...sample, id: "sample-baltic-police-workshop", title: "Baltic police workshop on victim identification", type: "workshop", status: "confirmed", allDay: false, startsAt: `${day(4)}T09:30`, endsAt: `${day(4)}T16:00`, timeZone: "Europe/Tallinn", venue: "Police and Border Guard Board", city: "Tallinn", country: "EE", languages: ["en", "et"], organisers: ["nbpn"], topics: ["victim-support", "police-cooperation"], audiences: ["police", "border-guards"], contacts: ["sample-erika-mustermann"] },
    { ...sample, id: "sample-health-care-access-seminar", title: "Health care access for victims: Nordic-Baltic seminar", summary: "Sharing the action plan's results with health and social services.", type: "seminar", status: "confirmed", allDay: true, startsAt: day(11), endsAt: day(12), timeZone: "Europe/Riga", venue: "Riga Stradiņš University", city: "Riga", country: "LV", languages: ["en", "lv", "ru"], registrationUrl: "https://example.org/register/health-care-access", organisers: ["ncm-riga", "who-europe", "nhv"], topics: ["health-care", "victim-support"], audiences: ["health-workers", "social-workers"], contacts: ["sample-matti-meikalainen"], projects: ["health-care-access"] },
    { ...sample, id: "sample-social-services-conference", title: "Social services against exploitation: regional conference", summary: "Same audience, same week as the Riga seminar: the kind of clash this calendar exists to prevent.", type: "conference", status: "tentative", allDay: true, startsAt: day(12), endsAt: day(13), timeZone: "Europe/Vilnius", city: "Vilnius", country: "LT", languages: ["en", "lt"], organisers: ["ndphs"], topics: ["victim-support", "labour-exploitation"], audiences: ["social-workers"], contacts: ["sample-jan-kowalski"] },
    { ...sample, id: "sample-task-force-meeting", title: "Coordination meeting of international organisations and task forces", type: "meeting", status: "confirmed", allDay: false, startsAt: `${day(18)}T10:00`, endsAt: `${day(18)}T15:30`, timeZone: "Europe/Copenhagen", venue: "Nordic Council of Ministers, Ved Stranden 18", city: "Copenhagen", country: "DK", attendanceMode: "hybrid", onlineUrl: "https://example.org/meet/coordination", languages: ["en"], organisers: ["ncm"], topics: ["police-cooperation", "victim-support"], audiences: ["policy-makers"], contacts: ["sample-kari-nordmann"], documents: ["nb8-mou-2009"] },
    { ...sample, id: "sample-partner-planning", title: "Partners' planning call for the spring programme", type: "meeting", status: "confirmed", visibility: "partners", allDay: false, startsAt: `${day(21)}T13:00`, endsAt: `${day(21)}T14:00`, timeZone: "Europe/Helsinki", attendanceMode: "online", onlineUrl: "https://example.org/meet/planning", organisers: ["ncm"], topics: ["prevention"], audiences: ["ngos"] },
    { ...sample, id: "sample-busy-steering-group", title: "Steering group (internal)", type: "meeting", status: "confirmed", visibility: "busy_only", allDay: true, startsAt: day(25), endsAt: day(26), timeZone: "Europe/Stockholm", city: "Stockholm", country: "SE", organisers: ["mr-s"], topics: ["legislation"], audiences: ["policy-makers"] },
    { ...sample, id: "sample-youth-prevention-training", title: "Training for youth workers: preventing recruitment of teenagers", type: "training", status: "confirmed", allDay: false, startsAt: `${day(32)}T10:00`, endsAt: `${day(33)}T16:00`, timeZone: "Europe/Moscow", city: "St Petersburg", country: "RU", languages: ["ru"], organisers: ["ncm-st-petersburg"], topics: ["children-youth", "prevention"], audiences: ["youth-workers", "social-workers"], contacts: ["sample-ivan-ivanov"], projects: ["teenagers-in-institutions"] },
    { ...sample, id: "sample-labour-exploitation-webinar", title: "Webinar: labour exploitation in seasonal work", type: "seminar", status: "confirmed", allDay: false, startsAt: `${day(39)}T14:00`, endsAt: `${day(39)}T15:30`, timeZone: "Europe/Berlin", attendanceMode: "online", onlineUrl: "https://example.org/webinar/labour", languages: ["en", "de"], organisers: ["fafo"], topics: ["labour-exploitation", "research"], audiences: ["researchers", "ngos"] },
    { ...sample, id: "sample-study-visit-oslo", title: "Study visit: police and social services cooperation model", type: "study_visit", status: "postponed", allDay: true, startsAt: day(46), endsAt: day(48), timeZone: "Europe/Oslo", city: "Oslo", country: "NO", languages: ["en", "nb"], organisers: ["fafo", "ncm"], topics: ["police-cooperation", "victim-support"], audiences: ["police", "social-workers"], projects: ["peer-review-police-social"] },
    { ...sample, id: "sample-riga-police-conference", title: "Baltic police conference on cross-border investigations", type: "conference", status: "confirmed", allDay: true, startsAt: day(57), endsAt: day(58), timeZone: "Europe/Riga", venue: "Radisson Blu Latvija", city: "Riga", country: "LV", languages: ["en", "lv", "ru"], organisers: ["nbpn"], topics: ["police-cooperation", "sexual-exploitation"], audiences: ["police", "prosecutors-judges"] },
    { ...sample, id: "sample-warsaw-ngo-forum", title: "NGO forum on shelters and victim support", type: "conference", status: "cancelled", allDay: true, startsAt: day(60), endsAt: day(61), timeZone: "Europe/Warsaw", city: "Warsaw", country: "PL", languages: ["pl", "en"], organisers: ["ndphs"], topics: ["victim-support"], audiences: ["ngos", "social-workers"] },
    { ...sample, id: "sample-reykjavik-conference", title: "Nordic conference on trafficking for sexual exploitation", type: "conference", status: "confirmed", allDay: true, startsAt: day(74), endsAt: day(76), timeZone: "Atlantic/Reykjavik", city: "Reykjavík", country: "IS", languages: ["en"], organisers: ["mr-jam", "nikk"], topics: ["sexual-exploitation", "gender-equality"], audiences: ["policy-makers", "researchers", "ngos"] },
    { ...sample, id: "sample-call-deadline", title: "Deadline: proposals for the Nordic-Baltic mobility programme", type: "deadline", status: "confirmed", allDay: true, startsAt: day(90), endsAt: day(90), timeZone: "Europe/Copenhagen", organisers: ["ncm"], topics: ["police-cooperation"], audiences: ["police", "ngos"], projects: ["mobility-programme"] },
    { ...sample, id: "sample-vilnius-prosecutors", title: "Prosecuting trafficking cases across borders", type: "training", status: "confirmed", allDay: false, startsAt: `${day(118)}T09:00`, endsAt: `${day(119)}T13:00`, timeZone: "Europe/Vilnius", city: "Vilnius", country: "LT", languages: ["en", "lt"], organisers: ["mr-lag"], topics: ["legislation"], audiences: ["prosecutors-judges", "police"] },
    { ...sample, id: "sample-helsinki-research-days", title: "Research days on trafficking in the Northern Dimension", type: "conference", status: "tentative", allDay: true, startsAt: day(150), endsAt: day(151), timeZone: "Europe/Helsinki", city: "Helsinki", country: "FI", languages: ["en", "fi", "sv"], organisers: ["nhv", "nikk"], topics: ["research"], audiences: ["researchers"] },
  ];
}

/** Every demo event, past and upcoming, for a given `today` (`YYYY-MM-DD`). */
export function eventSeeds(today: string): EventSeed[] {
  return [...pastEvents(), ...sampleEvents(today)].map((e) => ({ moderation: "published", ...e }));
}
