import { useLocation } from "preact-iso";
import { FILTER_KEYS, filterParams, type Filters } from "./api.ts";

/** The calendar's filters, kept in the URL so any view can be shared or bookmarked. */
export function useFilters(): { filters: Filters; link: (path: string, extra?: Filters) => string } {
  const { query } = useLocation();
  const filters: Filters = {};
  for (const key of FILTER_KEYS) if (query[key]) filters[key] = query[key];
  const link = (path: string, extra: Filters = {}) => {
    const params = filterParams({ ...filters, ...extra }).toString();
    return params ? `${path}?${params}` : path;
  };
  return { filters, link };
}

/** A stable key for requests that depend on the filters. */
export function filtersKey(filters: Filters): string {
  return filterParams(filters).toString();
}
