/** What `GET /api/holds` answers, shared with the web app (types only, no runtime code). */

/** One active hold: an organisation's provisional claim on dates, with whom it concerns. */
export interface HoldRow {
  id: string;
  organisationId: string;
  organisation: string;
  title: string;
  startsOn: string;
  endsOn: string;
  expiresOn: string;
  countries: string[];
  audiences: string[];
  topics: string[];
}
