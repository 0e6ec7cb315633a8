/**
 * The fixed vocabularies of the domain (event types, statuses, visibilities, kinds, roles…), free
 * of drizzle, so the web app, the Worker, the schema and the scripts share one definition.
 */
export const ORGANISATION_KINDS = [
  "intergovernmental",
  "government",
  "police",
  "social_services",
  "health",
  "ngo",
  "research",
  "municipality",
  "network",
  "other",
] as const;

export const EVENT_TYPES = ["conference", "seminar", "workshop", "meeting", "training", "study_visit", "campaign", "deadline", "other"] as const;
export const EVENT_STATUSES = ["tentative", "confirmed", "postponed", "cancelled"] as const;
export const EVENT_VISIBILITIES = ["public", "partners", "busy_only"] as const;
export const ATTENDANCE_MODES = ["in_person", "online", "hybrid"] as const;
export const MODERATION_STATES = ["draft", "pending", "published", "rejected"] as const;
export const PROJECT_STATUSES = ["planned", "ongoing", "completed"] as const;
export const DOCUMENT_KINDS = ["action_plan", "memorandum", "strategy", "report", "guideline", "legislation", "presentation", "other"] as const;
/** Who may see a contact field; the default is always the most restrictive. */
export const FIELD_VISIBILITIES = ["public", "partners", "coordinators"] as const;
export const LAWFUL_BASES = ["consent", "legitimate_interest", "public_task"] as const;
export const PROJECT_ROLES = ["lead", "partner"] as const;
/**
 * Whether an organisation named on another organisation's record (co-organiser of an event,
 * co-issuer of a document) agreed to it: a proposal shows on neither page as theirs and gives no
 * rights over the record until accepted.
 */
export const CONSENT_STATES = ["accepted", "proposed"] as const;

/** Partner-ness comes from memberships; these are the roles above it. */
export const USER_ROLES = ["user", "coordinator", "admin"] as const;
export const TOKEN_PURPOSES = ["sign_in", "invite"] as const;

/** The records on which one organisation can name another, which that one then accepts or declines. */
export const PROPOSAL_KINDS = ["event", "document"] as const;
/** The query parameters that filter the calendar, its feeds, exports and search. */
export const EVENT_FILTER_KEYS = ["country", "organisation", "topic", "audience", "type", "language", "status"] as const;
/** What the heat map counts events by. */
export const HEATMAP_DIMENSIONS = ["country", "audience", "topic"] as const;
/** The records a CSV file can bring into the directory. */
export const CSV_IMPORT_KINDS = ["organisations", "people"] as const;

/** The Northern Dimension region: the countries the calendar's coordination covers. */
export const REGION_COUNTRIES = ["DK", "EE", "FI", "DE", "IS", "LV", "LT", "NO", "PL", "RU", "SE"] as const;
/** The region's languages, which are also the calendar's interface languages. */
export const REGION_LANGUAGES = ["da", "de", "en", "et", "fi", "is", "lt", "lv", "nb", "pl", "ru", "sv"] as const;

/** What a signed-in person can follow; changes to it (or new events under it) come by mail. */
export const FOLLOW_KINDS = ["event", "organisation", "topic", "country"] as const;
/**
 * What the calendar tells people of on its own (issue 16): a high clash with one of their
 * organisation's events, a change to something they follow, a submission waiting for review.
 */
export const ALERT_KINDS = ["clash", "change", "review"] as const;
/**
 * Dates coordinators mark for the radar and the free-date finder besides public holidays: an
 * observance (a regional day or week worth avoiding: a medium reason) or a blackout period (such
 * as the Nordic Council's session week: any event in it is a high clash).
 */
export const OBSERVANCE_KINDS = ["observance", "blackout"] as const;

/** What a feed-sync fetch came to: imported, nothing new (304 or the same file), or failed. */
export const FEED_FETCH_RESULTS = ["ok", "not_modified", "failed"] as const;

/**
 * What an API token may do (issue 19), never more than the person who made it may do at the time
 * of use: read what the organisation may read; write drafts; submit drafts for review; manage the
 * organisation's people and documents.
 */
export const API_TOKEN_SCOPES = ["read", "write", "submit", "manage"] as const;
/** What an organisation's webhook endpoint can be told of. */
export const WEBHOOK_TOPICS = ["event.published", "event.changed", "event.cancelled", "clash", "feed_sync.failed"] as const;
