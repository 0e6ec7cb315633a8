/** Which renderer writes each kind's section of an alert mail. */
import type { AlertKind, AlertKindRenderer } from "../alerts.types.ts";
import { changeRenderer } from "./change.ts";
import { clashRenderer } from "./clash.ts";
import { reviewRenderer } from "./review.ts";

export const RENDERERS: Record<AlertKind, AlertKindRenderer> = {
  clash: clashRenderer,
  change: changeRenderer,
  review: reviewRenderer,
};
