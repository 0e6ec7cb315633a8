CREATE TABLE `feed_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`url` text NOT NULL,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`etag` text,
	`last_modified` text,
	`last_fetched_at` text,
	`last_result` text,
	`last_error` text,
	`last_report` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`next_fetch_at` integer DEFAULT 0 NOT NULL,
	`claimed_at` integer,
	`owners_told_at` text,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feed_sources_org_url_uq` ON `feed_sources` (`organisation_id`,`url`);--> statement-breakpoint
CREATE INDEX `feed_sources_due_idx` ON `feed_sources` (`next_fetch_at`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `trusted` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `feed_source_id` text REFERENCES feed_sources(id) ON DELETE set null;--> statement-breakpoint
CREATE INDEX `events_feed_source_idx` ON `events` (`feed_source_id`);