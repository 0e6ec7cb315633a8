/** What the directory's routes answer, shared with the web app (types only, no runtime code). */
import type { DirectoryPerson } from "./directory.queries.ts";
import type { FieldVisibility } from "./visibility.ts";

/** `GET /api/people/:id`: for coordinators also who may see each contact field. */
export type PersonResponse = DirectoryPerson & { contact?: { emailVisibility: FieldVisibility; phoneVisibility: FieldVisibility } };

/** `GET /api/vocabulary`: the lists the forms and filters offer. */
export type VocabularyResponse = {
  organisations: { id: string; slug: string; name: string; shortName: string | null; kind: string; countries: string[] }[];
  topics: { id: string; label: string }[];
  audiences: { id: string; label: string }[];
};
