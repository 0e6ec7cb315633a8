-- The data version (issue 18): every change a reader could see raises data_version.version, so
-- answers cached under it (the edge cache, rendered_outputs) are never served once the data has
-- moved on. Triggers on the content tables, not bumps in the write paths, so no writer (the API,
-- imports, feed sync, the seed, a hand-written SQL fix) can forget it. Not on sessions, rate
-- limits, the audit log, outboxes or other bookkeeping, which no reader sees.
-- tests/cache/data-version.test.ts fails when a table is neither listed here nor named as
-- bookkeeping there.
CREATE TRIGGER `data_version_events_insert` AFTER INSERT ON `events` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_events_update` AFTER UPDATE ON `events` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_events_delete` AFTER DELETE ON `events` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_organisers_insert` AFTER INSERT ON `event_organisers` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_organisers_update` AFTER UPDATE ON `event_organisers` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_organisers_delete` AFTER DELETE ON `event_organisers` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_slug_aliases_insert` AFTER INSERT ON `event_slug_aliases` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_slug_aliases_update` AFTER UPDATE ON `event_slug_aliases` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_slug_aliases_delete` AFTER DELETE ON `event_slug_aliases` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_contacts_insert` AFTER INSERT ON `event_contacts` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_contacts_update` AFTER UPDATE ON `event_contacts` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_contacts_delete` AFTER DELETE ON `event_contacts` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_topics_insert` AFTER INSERT ON `event_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_topics_update` AFTER UPDATE ON `event_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_topics_delete` AFTER DELETE ON `event_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_audiences_insert` AFTER INSERT ON `event_audiences` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_audiences_update` AFTER UPDATE ON `event_audiences` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_audiences_delete` AFTER DELETE ON `event_audiences` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_organisations_insert` AFTER INSERT ON `organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_organisations_update` AFTER UPDATE ON `organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_organisations_delete` AFTER DELETE ON `organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_people_insert` AFTER INSERT ON `people` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_people_update` AFTER UPDATE ON `people` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_people_delete` AFTER DELETE ON `people` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_person_organisations_insert` AFTER INSERT ON `person_organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_person_organisations_update` AFTER UPDATE ON `person_organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_person_organisations_delete` AFTER DELETE ON `person_organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_person_topics_insert` AFTER INSERT ON `person_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_person_topics_update` AFTER UPDATE ON `person_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_person_topics_delete` AFTER DELETE ON `person_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_topics_insert` AFTER INSERT ON `topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_topics_update` AFTER UPDATE ON `topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_topics_delete` AFTER DELETE ON `topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_audiences_insert` AFTER INSERT ON `audiences` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_audiences_update` AFTER UPDATE ON `audiences` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_audiences_delete` AFTER DELETE ON `audiences` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_projects_insert` AFTER INSERT ON `projects` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_projects_update` AFTER UPDATE ON `projects` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_projects_delete` AFTER DELETE ON `projects` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_project_organisations_insert` AFTER INSERT ON `project_organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_project_organisations_update` AFTER UPDATE ON `project_organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_project_organisations_delete` AFTER DELETE ON `project_organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_project_topics_insert` AFTER INSERT ON `project_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_project_topics_update` AFTER UPDATE ON `project_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_project_topics_delete` AFTER DELETE ON `project_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_documents_insert` AFTER INSERT ON `documents` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_documents_update` AFTER UPDATE ON `documents` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_documents_delete` AFTER DELETE ON `documents` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_document_organisations_insert` AFTER INSERT ON `document_organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_document_organisations_update` AFTER UPDATE ON `document_organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_document_organisations_delete` AFTER DELETE ON `document_organisations` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_document_topics_insert` AFTER INSERT ON `document_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_document_topics_update` AFTER UPDATE ON `document_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_document_topics_delete` AFTER DELETE ON `document_topics` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_projects_insert` AFTER INSERT ON `event_projects` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_projects_update` AFTER UPDATE ON `event_projects` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_projects_delete` AFTER DELETE ON `event_projects` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_documents_insert` AFTER INSERT ON `event_documents` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_documents_update` AFTER UPDATE ON `event_documents` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_event_documents_delete` AFTER DELETE ON `event_documents` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_project_documents_insert` AFTER INSERT ON `project_documents` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_project_documents_update` AFTER UPDATE ON `project_documents` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_project_documents_delete` AFTER DELETE ON `project_documents` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_observances_insert` AFTER INSERT ON `observances` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_observances_update` AFTER UPDATE ON `observances` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `data_version_observances_delete` AFTER DELETE ON `observances` BEGIN
  UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
