CREATE TABLE `account_models` (
	`account_id` text PRIMARY KEY NOT NULL,
	`live_version` text,
	`previous_version` text,
	`updated_by` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `intent_taxonomies` (
	`account_id` text NOT NULL,
	`version` integer NOT NULL,
	`taxonomy` text NOT NULL,
	`source` text NOT NULL,
	`source_format` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`account_id`, `version`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `llm_classifications` (
	`account_id` text NOT NULL,
	`content_hash` text NOT NULL,
	`intent` text,
	`confidence` real NOT NULL,
	`reason` text NOT NULL,
	`model` text NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`account_id`, `content_hash`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `model_versions` (
	`account_id` text NOT NULL,
	`version` text NOT NULL,
	`r2_key` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`labels` text NOT NULL,
	`status` text DEFAULT 'candidate' NOT NULL,
	`training` text DEFAULT '{}' NOT NULL,
	`evaluation` text,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`promoted_at` text,
	PRIMARY KEY(`account_id`, `version`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `model_versions_status` ON `model_versions` (`account_id`,`status`);--> statement-breakpoint
CREATE TABLE `training_examples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`text` text NOT NULL,
	`intent` text NOT NULL,
	`source` text NOT NULL,
	`confidence` real DEFAULT 1 NOT NULL,
	`decision_id` integer,
	`correction_id` integer,
	`held_out` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `training_examples_ticket_source` ON `training_examples` (`account_id`,`ticket_id`,`source`);--> statement-breakpoint
CREATE INDEX `training_examples_account` ON `training_examples` (`account_id`,`id`);--> statement-breakpoint
ALTER TABLE `decisions` ADD `tier` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `cascade` text;--> statement-breakpoint
ALTER TABLE `llm_attempts` ADD `purpose` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `llm_usage_daily` ADD `llm_classifications` integer DEFAULT 0 NOT NULL;