ALTER TABLE `events` ADD `ical_uid` text;--> statement-breakpoint
CREATE UNIQUE INDEX `events_owner_ical_uid_uq` ON `events` (`owner_organisation_id`,`ical_uid`);