ALTER TABLE `events` ADD `busy_revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `busy_revised_at` text;--> statement-breakpoint
-- Subscribers have seen SEQUENCE = version - 1 and LAST-MODIFIED = updated_at so far: start there.
UPDATE `events` SET `busy_revision` = `version`, `busy_revised_at` = `updated_at`;
