CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`zendesk_account_id` integer,
	`name` text NOT NULL,
	`api_base_url` text,
	`api_email` text,
	`secrets_ciphertext` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_zendesk_account_id` ON `accounts` (`zendesk_account_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text,
	`details` text DEFAULT '{}' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_account` ON `audit_log` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`event_id` integer,
	`intent` text,
	`confidence` real,
	`priority` text NOT NULL,
	`sentiment` text NOT NULL,
	`language` text NOT NULL,
	`tags` text NOT NULL,
	`remove_tags` text DEFAULT '[]' NOT NULL,
	`route` text NOT NULL,
	`group_id` integer,
	`custom_fields` text DEFAULT '{}' NOT NULL,
	`priority_from_rule` integer DEFAULT false NOT NULL,
	`reasons` text NOT NULL,
	`rule_hits` text NOT NULL,
	`rules_version` integer,
	`model_version` text,
	`model_output` text,
	`input_hash` text NOT NULL,
	`latency_ms` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_event` ON `decisions` (`event_id`);--> statement-breakpoint
CREATE INDEX `decisions_ticket` ON `decisions` (`account_id`,`ticket_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`event_type` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`processed_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_dedupe` ON `events` (`account_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `events_ticket` ON `events` (`account_id`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `events_status` ON `events` (`status`);--> statement-breakpoint
CREATE TABLE `rule_tables` (
	`account_id` text NOT NULL,
	`version` integer NOT NULL,
	`rules` text NOT NULL,
	`source` text NOT NULL,
	`source_format` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`account_id`, `version`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`comments` text DEFAULT '[]' NOT NULL,
	`status` text,
	`priority` text,
	`channel` text,
	`requester_id` integer,
	`organization_id` integer,
	`tags` text DEFAULT '[]' NOT NULL,
	`requester_tags` text DEFAULT '[]' NOT NULL,
	`organization_tags` text DEFAULT '[]' NOT NULL,
	`zendesk_updated_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`account_id`, `ticket_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `writebacks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`decision_id` integer NOT NULL,
	`request` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_http_status` integer,
	`error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `writebacks_decision` ON `writebacks` (`decision_id`);--> statement-breakpoint
CREATE INDEX `writebacks_ticket` ON `writebacks` (`account_id`,`ticket_id`);