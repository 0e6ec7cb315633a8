/** The Northern Dimension region: the countries the calendar's coordination covers. */
export const REGION_COUNTRIES = ["DK", "EE", "FI", "DE", "IS", "LV", "LT", "NO", "PL", "RU", "SE"] as const;
