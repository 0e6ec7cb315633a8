-- Search finds an event by the names of its accepted organisers only: an organisation that was
-- merely proposed as co-organiser (and may decline) is not yet one. The organiser triggers of 0008
-- are made again with that filter, and a change of consent re-indexes the event.
DROP TRIGGER events_fts_organiser_added;
--> statement-breakpoint
DROP TRIGGER events_fts_organiser_removed;
--> statement-breakpoint
CREATE TRIGGER events_fts_organiser_added AFTER INSERT ON event_organisers BEGIN
  UPDATE events_fts SET organisers = coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = new.event_id AND eo.consent = 'accepted'), '') WHERE rowid = (SELECT fts_rowid FROM event_search_keys WHERE event_id = new.event_id);
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_organiser_removed AFTER DELETE ON event_organisers BEGIN
  UPDATE events_fts SET organisers = coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = old.event_id AND eo.consent = 'accepted'), '') WHERE rowid = (SELECT fts_rowid FROM event_search_keys WHERE event_id = old.event_id);
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_organiser_consent AFTER UPDATE OF consent ON event_organisers BEGIN
  UPDATE events_fts SET organisers = coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = new.event_id AND eo.consent = 'accepted'), '') WHERE rowid = (SELECT fts_rowid FROM event_search_keys WHERE event_id = new.event_id);
END;
--> statement-breakpoint
UPDATE events_fts SET organisers = coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_search_keys k JOIN event_organisers eo ON eo.event_id = k.event_id JOIN organisations o ON o.id = eo.organisation_id WHERE k.fts_rowid = events_fts.rowid AND eo.consent = 'accepted'), '');
