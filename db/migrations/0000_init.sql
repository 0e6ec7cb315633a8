CREATE TABLE `audiences` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `document_organisations` (
	`document_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	PRIMARY KEY(`document_id`, `organisation_id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `document_organisations_org_idx` ON `document_organisations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `document_topics` (
	`document_id` text NOT NULL,
	`topic_id` text NOT NULL,
	PRIMARY KEY(`document_id`, `topic_id`),
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`issued_on` text,
	`languages` text DEFAULT '[]' NOT NULL,
	`url` text,
	`file_key` text,
	`file_name` text,
	`file_type` text,
	`summary` text,
	`countries` text DEFAULT '[]' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_slug_uq` ON `documents` (`slug`);--> statement-breakpoint
CREATE INDEX `documents_issued_idx` ON `documents` (`issued_on`);--> statement-breakpoint
CREATE TABLE `event_audiences` (
	`event_id` text NOT NULL,
	`audience_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `audience_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`audience_id`) REFERENCES `audiences`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_audiences_audience_idx` ON `event_audiences` (`audience_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `event_contacts` (
	`event_id` text NOT NULL,
	`person_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `person_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_contacts_person_idx` ON `event_contacts` (`person_id`);--> statement-breakpoint
CREATE TABLE `event_documents` (
	`event_id` text NOT NULL,
	`document_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `document_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_documents_document_idx` ON `event_documents` (`document_id`);--> statement-breakpoint
CREATE TABLE `event_organisers` (
	`event_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`is_lead` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`event_id`, `organisation_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_organisers_org_idx` ON `event_organisers` (`organisation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `event_organisers_one_lead_uq` ON `event_organisers` (`event_id`) WHERE is_lead = 1;--> statement-breakpoint
CREATE TABLE `event_projects` (
	`event_id` text NOT NULL,
	`project_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `project_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_projects_project_idx` ON `event_projects` (`project_id`);--> statement-breakpoint
CREATE TABLE `event_topics` (
	`event_id` text NOT NULL,
	`topic_id` text NOT NULL,
	PRIMARY KEY(`event_id`, `topic_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_topics_topic_idx` ON `event_topics` (`topic_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`summary` text,
	`description` text,
	`type` text NOT NULL,
	`status` text DEFAULT 'confirmed' NOT NULL,
	`visibility` text DEFAULT 'public' NOT NULL,
	`all_day` integer DEFAULT false NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`time_zone` text NOT NULL,
	`start_utc` integer NOT NULL,
	`end_utc` integer NOT NULL,
	`rrule` text,
	`exdates` text DEFAULT '[]' NOT NULL,
	`venue` text,
	`city` text,
	`country` text,
	`online_url` text,
	`attendance_mode` text DEFAULT 'in_person' NOT NULL,
	`languages` text DEFAULT '[]' NOT NULL,
	`registration_url` text,
	`moderation` text DEFAULT 'pending' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_sample` integer DEFAULT false NOT NULL,
	`created_by` text,
	`updated_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_slug_uq` ON `events` (`slug`);--> statement-breakpoint
CREATE INDEX `events_range_idx` ON `events` (`start_utc`,`end_utc`);--> statement-breakpoint
CREATE INDEX `events_end_idx` ON `events` (`end_utc`);--> statement-breakpoint
CREATE INDEX `events_country_start_idx` ON `events` (`country`,`start_utc`);--> statement-breakpoint
CREATE INDEX `events_moderation_start_idx` ON `events` (`moderation`,`start_utc`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`short_name` text,
	`kind` text NOT NULL,
	`parent_id` text,
	`countries` text DEFAULT '[]' NOT NULL,
	`city` text,
	`website` text,
	`description` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_uq` ON `organisations` (`slug`);--> statement-breakpoint
CREATE INDEX `organisations_parent_idx` ON `organisations` (`parent_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`title` text,
	`countries` text DEFAULT '[]' NOT NULL,
	`languages` text DEFAULT '[]' NOT NULL,
	`email` text,
	`email_visibility` text DEFAULT 'coordinators' NOT NULL,
	`phone` text,
	`phone_visibility` text DEFAULT 'coordinators' NOT NULL,
	`lawful_basis` text NOT NULL,
	`consent_at` text,
	`notified_at` text,
	`is_sample` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `person_organisations` (
	`person_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`role` text,
	PRIMARY KEY(`person_id`, `organisation_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `person_organisations_org_idx` ON `person_organisations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `person_topics` (
	`person_id` text NOT NULL,
	`topic_id` text NOT NULL,
	PRIMARY KEY(`person_id`, `topic_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `person_topics_topic_idx` ON `person_topics` (`topic_id`);--> statement-breakpoint
CREATE TABLE `project_documents` (
	`project_id` text NOT NULL,
	`document_id` text NOT NULL,
	PRIMARY KEY(`project_id`, `document_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_documents_document_idx` ON `project_documents` (`document_id`);--> statement-breakpoint
CREATE TABLE `project_organisations` (
	`project_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`project_id`, `organisation_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `project_organisations_org_idx` ON `project_organisations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `project_topics` (
	`project_id` text NOT NULL,
	`topic_id` text NOT NULL,
	PRIMARY KEY(`project_id`, `topic_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`status` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`budget_amount` real,
	`budget_currency` text,
	`funding_source` text,
	`countries` text DEFAULT '[]' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_slug_uq` ON `projects` (`slug`);--> statement-breakpoint
CREATE INDEX `projects_period_idx` ON `projects` (`start_date`,`end_date`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL
);
