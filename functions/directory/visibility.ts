/**
 * Who sees which contact field of a person. Every output (HTML, JSON, CSV, vCard, search) goes
 * through `visiblePerson`, so a field's visibility is decided in one place.
 */
import type { FIELD_VISIBILITIES } from "../../db/schema.ts";
import { isCoordinator, isPartner, type Viewer } from "../auth/viewer.ts";

export type FieldVisibility = (typeof FIELD_VISIBILITIES)[number];

export function canSee(viewer: Viewer | null, visibility: FieldVisibility): boolean {
  if (visibility === "public") return true;
  if (visibility === "partners") return isPartner(viewer) || isCoordinator(viewer);
  return isCoordinator(viewer);
}

export interface PersonRow {
  id: string;
  name: string;
  title: string | null;
  countries: string[];
  languages: string[];
  email: string | null;
  emailVisibility: FieldVisibility;
  phone: string | null;
  phoneVisibility: FieldVisibility;
  isSample: boolean;
}

export interface VisiblePerson {
  id: string;
  name: string;
  title: string | null;
  countries: string[];
  languages: string[];
  /** Present only when the viewer may see it. */
  email?: string;
  phone?: string;
  isSample: boolean;
}

export function visiblePerson(p: PersonRow, viewer: Viewer | null): VisiblePerson {
  return {
    id: p.id,
    name: p.name,
    title: p.title,
    countries: p.countries,
    languages: p.languages,
    ...(p.email && canSee(viewer, p.emailVisibility) ? { email: p.email } : {}),
    ...(p.phone && canSee(viewer, p.phoneVisibility) ? { phone: p.phone } : {}),
    isSample: p.isSample,
  };
}
