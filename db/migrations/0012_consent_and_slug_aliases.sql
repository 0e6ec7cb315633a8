CREATE TABLE `event_slug_aliases` (
	`slug` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_slug_aliases_event_idx` ON `event_slug_aliases` (`event_id`);--> statement-breakpoint
ALTER TABLE `document_organisations` ADD `consent` text DEFAULT 'accepted' NOT NULL;--> statement-breakpoint
ALTER TABLE `event_organisers` ADD `consent` text DEFAULT 'accepted' NOT NULL;--> statement-breakpoint
-- Non-public events no longer carry a slug made from their title: the old slug becomes an alias
-- (followed only for viewers who may see the event) and the event gets an opaque one ("e-" and 16
-- hex digits, as makeOpaqueSlug writes them).
INSERT INTO `event_slug_aliases` (`slug`, `event_id`) SELECT `slug`, `id` FROM `events` WHERE `visibility` <> 'public';--> statement-breakpoint
UPDATE `events` SET `slug` = 'e-' || lower(hex(randomblob(8))) WHERE `visibility` <> 'public';
