-- Full-text search over events (FTS5). Diacritics are folded ("jamstalldhet" finds
-- "Jämställdhet") and Cyrillic is case-folded by the unicode61 tokenizer. Triggers keep the index
-- in step with events and their organisers, whoever writes them.
CREATE VIRTUAL TABLE events_fts USING fts5(
  event_id UNINDEXED, title, summary, description, place, organisers,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER events_fts_after_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (event_id, title, summary, description, place, organisers) VALUES (new.id, new.title, coalesce(new.summary, ''), coalesce(new.description, ''), trim(coalesce(new.venue, '') || ' ' || coalesce(new.city, '') || ' ' || coalesce(new.country, '')), coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = new.id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_after_update AFTER UPDATE OF title, summary, description, venue, city, country ON events BEGIN
  DELETE FROM events_fts WHERE event_id = old.id;
  INSERT INTO events_fts (event_id, title, summary, description, place, organisers) VALUES (new.id, new.title, coalesce(new.summary, ''), coalesce(new.description, ''), trim(coalesce(new.venue, '') || ' ' || coalesce(new.city, '') || ' ' || coalesce(new.country, '')), coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = new.id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_after_delete AFTER DELETE ON events BEGIN
  DELETE FROM events_fts WHERE event_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_organiser_added AFTER INSERT ON event_organisers BEGIN
  UPDATE events_fts SET organisers = coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = new.event_id), '') WHERE event_id = new.event_id;
END;
--> statement-breakpoint
CREATE TRIGGER events_fts_organiser_removed AFTER DELETE ON event_organisers BEGIN
  UPDATE events_fts SET organisers = coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = old.event_id), '') WHERE event_id = old.event_id;
END;
--> statement-breakpoint
INSERT INTO events_fts (event_id, title, summary, description, place, organisers) SELECT events.id, events.title, coalesce(events.summary, ''), coalesce(events.description, ''), trim(coalesce(events.venue, '') || ' ' || coalesce(events.city, '') || ' ' || coalesce(events.country, '')), coalesce((SELECT group_concat(o.name || ' ' || coalesce(o.short_name, ''), ' ') FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id), '') FROM events;
