/** The Northern Dimension region: the countries the calendar's coordination covers. */
export { REGION_COUNTRIES } from "../../db/enums.ts";
