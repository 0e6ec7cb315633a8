-- FTS5 rows are found through this map (event id -> FTS rowid) instead of the UNINDEXED
-- event_id column, which would scan the whole index on every change.
CREATE TABLE event_search_keys (event_id TEXT PRIMARY KEY NOT NULL, fts_rowid INTEGER NOT NULL);
--> statement-breakpoint
INSERT INTO event_search_keys (event_id, fts_rowid) SELECT event_id, rowid FROM events_fts;
--> statement-breakpoint
DROP TRIGGER events_fts_after_insert;
--> statement-breakpoint
DROP TRIGGER events_fts_after_update;
--> statement-breakpoint
DROP TRIGGER events_fts_after_delete;
--> statement-breakpoint
DROP TRIGGER events_fts_organiser_added;
--> statement-breakpoint
DROP TRIGGER events_fts_organiser_removed;
--> statement-breakpoint
CREATE TRIGGER events_fts_after_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (event_id, title, summary, description, place, organisers) VALUES (new.id, new.title, coalesce(new.summary, ''), coalesce(new.description, ''), trim(coalesce(new.venue, '') || ' ' || coalesce(new.city, '') || ' ' || coalesce(new.country, '')), coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = new.id), ''));
  INSERT INTO event_search_keys (event_id, fts_rowid) VALUES (new.id, last_insert_rowid());
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_after_update AFTER UPDATE OF title, summary, description, venue, city, country ON events BEGIN
  UPDATE events_fts SET title = new.title, summary = coalesce(new.summary, ''), description = coalesce(new.description, ''), place = trim(coalesce(new.venue, '') || ' ' || coalesce(new.city, '') || ' ' || coalesce(new.country, '')) WHERE rowid = (SELECT fts_rowid FROM event_search_keys WHERE event_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_after_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_fts WHERE rowid = (SELECT fts_rowid FROM event_search_keys WHERE event_id = old.id);
  DELETE FROM event_search_keys WHERE event_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_organiser_added AFTER INSERT ON event_organisers BEGIN
  UPDATE events_fts SET organisers = coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = new.event_id), '') WHERE rowid = (SELECT fts_rowid FROM event_search_keys WHERE event_id = new.event_id);
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_organiser_removed AFTER DELETE ON event_organisers BEGIN
  UPDATE events_fts SET organisers = coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = old.event_id), '') WHERE rowid = (SELECT fts_rowid FROM event_search_keys WHERE event_id = old.event_id);
END;
