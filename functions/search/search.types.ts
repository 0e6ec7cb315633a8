/** What `GET /api/search` answers, shared with the web app (types only, no runtime code). */
import type { EventSummary } from "../events/events.schema.ts";
import type { DirectoryHits } from "./directory-search.ts";

export interface SearchResponse extends DirectoryHits {
  q: string;
  events: EventSummary[];
}
