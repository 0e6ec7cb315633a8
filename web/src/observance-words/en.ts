/**
 * The words of the coordinators' observances page in English, the reference. Only that page needs
 * them, so they load with it (a chunk per language), not with every page's texts.
 */
export const en = {
  "obs.title": "Observances and blackout periods",
  "obs.intro":
    "Days when the region's people are busy elsewhere. An event in a blackout period is a high clash and the free-date finder never proposes one; an observance counts as a medium clash.",
  "obs.none": "No observances or blackout periods in the coming year.",
  "obs.kind": "Kind",
  "obs.titleField": "Name",
  "obs.startsOn": "First day",
  "obs.endsOn": "Last day",
  "obs.countries": "Countries (none: the whole region)",
  "obs.wholeRegion": "whole region",
  "obs.new": "Add a period",
  "obs.editTitle": "Change this period",
  "obs.add": "Add",
  "obs.change": "Change",
  "obs.delete": "Delete",
  "obs.saved": "Saved: {title}.",
  "obs.deleted": "Deleted: {title}.",
} as const;

export type ObservanceWords = Record<keyof typeof en, string>;
