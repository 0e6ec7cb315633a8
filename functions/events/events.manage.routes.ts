/**
 * Writing events: partners create and edit their organisation's events and submit them for
 * review; coordinators approve or return them, and may publish directly. Coordinators hear of
 * what enters the review queue from the cron (functions/alerts/review-alerts.ts), not from here. Every change names the
 * version it is based on (If-Match), so two concurrent edits cannot overwrite each other.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { diff } from "../audit/audit.ts";
import { isCoordinator, isMemberOf, type Viewer } from "../auth/viewer.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, invalidInput, fieldError } from "../errors.ts";
import { parseBody } from "../validation.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { changeEvent, checkReferences, createEvent, etagOf, loadEvent, submitter, toInput, type Change, type StoredEvent } from "./events.commands.ts";
import { createEventSchema, eventInput, patchEventSchema, returnSchema } from "./events.input.ts";
import { getEvent } from "./events.queries.ts";
import { makerOf, makerOfUser } from "../consent/consent.ts";
import { ifMatchAccepts } from "../lib/entity-tags.ts";

/** The 403 for a partner who tries to mark an event major (or unmark it): coordinators decide. */
const majorReserved = () =>
  fieldError(403, "major", "reserved to coordinators", "coordinator_only", {
    errorCode: "forbidden",
    message: "major: only coordinators decide which events are major",
  });

/** The version named by If-Match: 428 without one, 412 when it is not the event's current one. */
function expectedVersion(c: Context<AppEnv>, stored: StoredEvent): number {
  const header = c.req.header("if-match");
  if (!header) throw new ApiError(428, "precondition_required", "If-Match: send the ETag of the version you are changing");
  if (!ifMatchAccepts(header, etagOf(stored.row))) {
    throw new ApiError(412, "version_conflict", "Someone else changed this event since you loaded it. Reload it, then make your change again.", {
      headers: { ETag: etagOf(stored.row) },
    });
  }
  return stored.row.version;
}

function canEdit(viewer: Viewer, stored: StoredEvent): boolean {
  return isCoordinator(viewer) || isMemberOf(viewer, stored.row.ownerOrganisationId);
}

/** The event for a write: 404 when the viewer may not even see it, 403 when they see it but may not change it. */
async function editable(c: Context<AppEnv>, slug: string): Promise<StoredEvent> {
  const stored = await loadEvent(c.var.db, slug);
  const viewer = c.var.viewer!;
  if (!stored) throw new ApiError(404, "not_found", `No event has the slug ${slug}`);
  if (!canEdit(viewer, stored)) {
    if (stored.row.moderation !== "published") throw new ApiError(404, "not_found", `No event has the slug ${slug}`);
    throw new ApiError(403, "forbidden", "Only partners of the owning organisation and coordinators may change this event.");
  }
  return stored;
}

async function respondWithEvent(c: Context<AppEnv>, slug: string, status: 200 | 201 = 200) {
  const event = await getEvent(c.var.db, slug, c.var.viewer);
  if (!event?.manage) throw new ApiError(404, "not_found", `No event has the slug ${slug}`);
  c.header("ETag", etagOf({ id: event.id, version: event.manage.version }));
  return c.json(event, status);
}

async function notify(c: Context<AppEnv>, stored: StoredEvent, kind: "approved" | "returned", comment?: string): Promise<boolean> {
  const to = await submitter(c.var.db, stored.row);
  if (!to) return false;
  const m = messagesFor(to.locale).mail;
  const title = stored.row.title;
  const link = `${c.var.config.PUBLIC_ORIGIN}/events/${stored.row.slug}`;
  try {
    await c.var.mailer.send({
      to: to.email,
      subject: fill(m[`${kind}Subject`], { title }),
      text: fill(m[`${kind}Body`], { title, link, comment: comment ?? "" }),
    });
    return true;
  } catch (error) {
    console.error(
      JSON.stringify({
        level: "error",
        requestId: c.var.requestId,
        msg: "review notice not sent",
        event: stored.row.id,
        error: String((error as Error).message).split("\n")[0],
      }),
    );
    return false;
  }
}

export const eventManageRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const viewer = c.var.viewer!;
    const { publish, ...input } = await parseBody(c, createEventSchema);
    if (!isCoordinator(viewer)) {
      if (!isMemberOf(viewer, input.ownerOrganisationId)) {
        throw fieldError(403, "ownerOrganisationId", "must be one of your organisations", "own_organisation", {
          errorCode: "forbidden",
          message: "ownerOrganisationId: you can create events only for your own organisations",
        });
      }
      if (input.major) throw majorReserved();
      if (publish)
        throw fieldError(403, "publish", "reserved to coordinators", "coordinator_only", {
          errorCode: "forbidden",
          message: "publish: only coordinators publish directly; submit the event for review",
        });
    }
    await checkReferences(c.var.db, input);
    const slug = await createEvent(c.var.db, input, {
      actorId: viewer.id,
      moderation: publish ? "published" : "draft",
      now: c.var.now,
      maker: makerOf(viewer),
    });
    c.header("Location", `/api/events/${slug}`);
    return respondWithEvent(c, slug, 201);
  })
  .patch("/:slug", async (c) => {
    const viewer = c.var.viewer!;
    const stored = await editable(c, c.req.param("slug"));
    const patch = await parseBody(c, patchEventSchema);
    const version = expectedVersion(c, stored);
    const coordinator = isCoordinator(viewer);
    if (!coordinator && patch.ownerOrganisationId !== undefined && patch.ownerOrganisationId !== stored.row.ownerOrganisationId) {
      throw fieldError(403, "ownerOrganisationId", "reserved to coordinators", "coordinator_only", {
        errorCode: "forbidden",
        message: "ownerOrganisationId: only coordinators move an event to another organisation",
      });
    }
    if (!coordinator && patch.major !== undefined && patch.major !== stored.row.major) throw majorReserved();
    // A proposal waiting for review is the base a partner keeps editing.
    const base = !coordinator && stored.row.pendingChanges ? (stored.row.pendingChanges as ReturnType<typeof toInput>) : toInput(stored);
    const merged = eventInput.safeParse({ ...base, ...patch });
    if (!merged.success) throw invalidInput(merged.error, "body");
    // A PATCH that changes nothing writes nothing: no new version, no audit entry.
    if (Object.keys(diff(base, merged.data).after).length === 0) return respondWithEvent(c, stored.row.slug);
    await checkReferences(c.var.db, merged.data);
    const change: Change =
      stored.row.moderation === "published" && !coordinator ? { kind: "propose", input: merged.data } : { kind: "apply", input: merged.data };
    const { slug } = await changeEvent(c.var.db, stored, version, change, {
      actorId: viewer.id,
      now: c.var.now,
      action: change.kind === "propose" ? "event.propose" : "event.update",
      maker: makerOf(viewer),
    });
    return respondWithEvent(c, slug);
  })
  .delete("/:slug", async (c) => {
    const viewer = c.var.viewer!;
    const stored = await editable(c, c.req.param("slug"));
    const version = expectedVersion(c, stored);
    if (!isCoordinator(viewer) && stored.row.moderation === "published") {
      throw new ApiError(403, "forbidden", "A published event can be cancelled (status: cancelled) but only a coordinator can delete it.");
    }
    await changeEvent(c.var.db, stored, version, { kind: "delete" }, { actorId: viewer.id, now: c.var.now, action: "event.delete", maker: makerOf(viewer) });
    return c.body(null, 204);
  })
  .post("/:slug/submit", async (c) => {
    const viewer = c.var.viewer!;
    const stored = await editable(c, c.req.param("slug"));
    const version = expectedVersion(c, stored);
    if (stored.row.moderation !== "draft" && stored.row.moderation !== "rejected") {
      throw new ApiError(409, "not_a_draft", `moderation: only drafts and returned events can be submitted; this one is ${stored.row.moderation}`);
    }
    await changeEvent(
      c.var.db,
      stored,
      version,
      { kind: "moderation", to: "pending" },
      { actorId: viewer.id, now: c.var.now, action: "event.submit", maker: makerOf(viewer) },
    );
    return respondWithEvent(c, stored.row.slug);
  })
  .post("/:slug/approve", async (c) => {
    const viewer = c.var.viewer!;
    const stored = await editable(c, c.req.param("slug"));
    const version = expectedVersion(c, stored);
    const waiting = stored.row.moderation === "pending" || stored.row.moderation === "draft" || stored.row.pendingChanges !== null;
    if (!waiting) throw new ApiError(409, "nothing_to_approve", `moderation: this event is ${stored.row.moderation} with no proposed change`);
    const applyPending = stored.row.pendingChanges !== null;
    const pendingMaker = applyPending ? await makerOfUser(c.var.db, stored.row.submittedBy) : undefined;
    const { slug } = await changeEvent(
      c.var.db,
      stored,
      version,
      { kind: "moderation", to: "published", applyPending },
      { actorId: viewer.id, now: c.var.now, action: "event.approve", maker: makerOf(viewer), pendingMaker },
    );
    const notified = await notify(c, { ...stored, row: { ...stored.row, slug } }, "approved");
    c.header("X-Notified", String(notified));
    return respondWithEvent(c, slug);
  })
  .post("/:slug/return", async (c) => {
    const viewer = c.var.viewer!;
    const stored = await editable(c, c.req.param("slug"));
    const { comment } = await parseBody(c, returnSchema);
    const version = expectedVersion(c, stored);
    if (stored.row.moderation !== "pending" && stored.row.pendingChanges === null) {
      throw new ApiError(409, "nothing_to_return", `moderation: this event is ${stored.row.moderation} with no proposed change`);
    }
    await changeEvent(
      c.var.db,
      stored,
      version,
      { kind: "moderation", to: "rejected", comment },
      { actorId: viewer.id, now: c.var.now, action: "event.return", maker: makerOf(viewer) },
    );
    const notified = await notify(c, stored, "returned", comment);
    c.header("X-Notified", String(notified));
    return respondWithEvent(c, stored.row.slug);
  });
