-- One full-text index over the directory and library (organisations, people, documents,
-- projects), beside events_fts. People are found by name and title only: contact fields never
-- enter the index. Same tokenizer as events: diacritics folded, Cyrillic case-folded.
CREATE VIRTUAL TABLE directory_fts USING fts5(kind UNINDEXED, ref_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TABLE directory_search_keys (kind TEXT NOT NULL, ref_id TEXT NOT NULL, fts_rowid INTEGER NOT NULL, PRIMARY KEY (kind, ref_id));
--> statement-breakpoint
CREATE TRIGGER directory_fts_organisations_insert AFTER INSERT ON organisations BEGIN
  INSERT INTO directory_fts (kind, ref_id, title, body) VALUES ('organisation', new.id, coalesce(new.name, '') || ' ' || coalesce(new.short_name, ''), coalesce(new.description, '') || ' ' || coalesce(new.city, ''));
  INSERT INTO directory_search_keys (kind, ref_id, fts_rowid) VALUES ('organisation', new.id, last_insert_rowid());
END;
--> statement-breakpoint
CREATE TRIGGER directory_fts_organisations_update AFTER UPDATE ON organisations BEGIN
  UPDATE directory_fts SET title = coalesce(new.name, '') || ' ' || coalesce(new.short_name, ''), body = coalesce(new.description, '') || ' ' || coalesce(new.city, '') WHERE rowid = (SELECT fts_rowid FROM directory_search_keys WHERE kind = 'organisation' AND ref_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER directory_fts_organisations_delete AFTER DELETE ON organisations BEGIN
  DELETE FROM directory_fts WHERE rowid = (SELECT fts_rowid FROM directory_search_keys WHERE kind = 'organisation' AND ref_id = old.id);
  DELETE FROM directory_search_keys WHERE kind = 'organisation' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO directory_fts (kind, ref_id, title, body) SELECT 'organisation', organisations.id, coalesce(organisations.name, '') || ' ' || coalesce(organisations.short_name, ''), coalesce(organisations.description, '') || ' ' || coalesce(organisations.city, '') FROM organisations;
--> statement-breakpoint
INSERT INTO directory_search_keys (kind, ref_id, fts_rowid) SELECT kind, ref_id, rowid FROM directory_fts WHERE kind = 'organisation';
--> statement-breakpoint
CREATE TRIGGER directory_fts_people_insert AFTER INSERT ON people BEGIN
  INSERT INTO directory_fts (kind, ref_id, title, body) VALUES ('person', new.id, coalesce(new.name, ''), coalesce(new.title, ''));
  INSERT INTO directory_search_keys (kind, ref_id, fts_rowid) VALUES ('person', new.id, last_insert_rowid());
END;
--> statement-breakpoint
CREATE TRIGGER directory_fts_people_update AFTER UPDATE ON people BEGIN
  UPDATE directory_fts SET title = coalesce(new.name, ''), body = coalesce(new.title, '') WHERE rowid = (SELECT fts_rowid FROM directory_search_keys WHERE kind = 'person' AND ref_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER directory_fts_people_delete AFTER DELETE ON people BEGIN
  DELETE FROM directory_fts WHERE rowid = (SELECT fts_rowid FROM directory_search_keys WHERE kind = 'person' AND ref_id = old.id);
  DELETE FROM directory_search_keys WHERE kind = 'person' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO directory_fts (kind, ref_id, title, body) SELECT 'person', people.id, coalesce(people.name, ''), coalesce(people.title, '') FROM people;
--> statement-breakpoint
INSERT INTO directory_search_keys (kind, ref_id, fts_rowid) SELECT kind, ref_id, rowid FROM directory_fts WHERE kind = 'person';
--> statement-breakpoint
CREATE TRIGGER directory_fts_documents_insert AFTER INSERT ON documents BEGIN
  INSERT INTO directory_fts (kind, ref_id, title, body) VALUES ('document', new.id, coalesce(new.title, ''), coalesce(new.summary, ''));
  INSERT INTO directory_search_keys (kind, ref_id, fts_rowid) VALUES ('document', new.id, last_insert_rowid());
END;
--> statement-breakpoint
CREATE TRIGGER directory_fts_documents_update AFTER UPDATE ON documents BEGIN
  UPDATE directory_fts SET title = coalesce(new.title, ''), body = coalesce(new.summary, '') WHERE rowid = (SELECT fts_rowid FROM directory_search_keys WHERE kind = 'document' AND ref_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER directory_fts_documents_delete AFTER DELETE ON documents BEGIN
  DELETE FROM directory_fts WHERE rowid = (SELECT fts_rowid FROM directory_search_keys WHERE kind = 'document' AND ref_id = old.id);
  DELETE FROM directory_search_keys WHERE kind = 'document' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO directory_fts (kind, ref_id, title, body) SELECT 'document', documents.id, coalesce(documents.title, ''), coalesce(documents.summary, '') FROM documents;
--> statement-breakpoint
INSERT INTO directory_search_keys (kind, ref_id, fts_rowid) SELECT kind, ref_id, rowid FROM directory_fts WHERE kind = 'document';
--> statement-breakpoint
CREATE TRIGGER directory_fts_projects_insert AFTER INSERT ON projects BEGIN
  INSERT INTO directory_fts (kind, ref_id, title, body) VALUES ('project', new.id, coalesce(new.title, ''), coalesce(new.description, '') || ' ' || coalesce(new.funding_source, ''));
  INSERT INTO directory_search_keys (kind, ref_id, fts_rowid) VALUES ('project', new.id, last_insert_rowid());
END;
--> statement-breakpoint
CREATE TRIGGER directory_fts_projects_update AFTER UPDATE ON projects BEGIN
  UPDATE directory_fts SET title = coalesce(new.title, ''), body = coalesce(new.description, '') || ' ' || coalesce(new.funding_source, '') WHERE rowid = (SELECT fts_rowid FROM directory_search_keys WHERE kind = 'project' AND ref_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER directory_fts_projects_delete AFTER DELETE ON projects BEGIN
  DELETE FROM directory_fts WHERE rowid = (SELECT fts_rowid FROM directory_search_keys WHERE kind = 'project' AND ref_id = old.id);
  DELETE FROM directory_search_keys WHERE kind = 'project' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO directory_fts (kind, ref_id, title, body) SELECT 'project', projects.id, coalesce(projects.title, ''), coalesce(projects.description, '') || ' ' || coalesce(projects.funding_source, '') FROM projects;
--> statement-breakpoint
INSERT INTO directory_search_keys (kind, ref_id, fts_rowid) SELECT kind, ref_id, rowid FROM directory_fts WHERE kind = 'project';
