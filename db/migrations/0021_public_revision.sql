ALTER TABLE `events` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `revised_at` text;--> statement-breakpoint
-- Subscribers have seen SEQUENCE = version - 1 and LAST-MODIFIED = updated_at so far: start there.
UPDATE `events` SET `revision` = `version`, `revised_at` = `updated_at`;
