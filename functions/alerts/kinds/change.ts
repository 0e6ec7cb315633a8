/**
 * STUB (issue 16): the change alerts' section is written by the follows helper; this file is
 * replaced by theirs at merge, with the same export.
 */
import type { AlertKindRenderer } from "../alerts.types.ts";

export const changeRenderer: AlertKindRenderer = {
  async section() {
    return null;
  },
};
