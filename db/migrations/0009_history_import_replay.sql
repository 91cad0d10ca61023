CREATE TABLE `history_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`status` text NOT NULL,
	`label_source` text NOT NULL,
	`since` text NOT NULL,
	`ticket_limit` integer,
	`per_page` integer NOT NULL,
	`cursor` text,
	`pages` integer DEFAULT 0 NOT NULL,
	`tickets_stored` integer DEFAULT 0 NOT NULL,
	`examples_stored` integer DEFAULT 0 NOT NULL,
	`skipped` text NOT NULL,
	`rate_limit_waits` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`instance_id` text,
	`attempts` integer DEFAULT 1 NOT NULL,
	`started_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `history_imports_account` ON `history_imports` (`account_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `history_tickets` (
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`import_id` text NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`comments` text DEFAULT '[]' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`custom_fields` text DEFAULT '{}' NOT NULL,
	`group_id` integer,
	`priority` text,
	`status` text NOT NULL,
	`channel` text,
	`requester_id` integer,
	`created_at` text,
	`solved_at` text,
	`imported_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`account_id`, `ticket_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `history_tickets_import` ON `history_tickets` (`account_id`,`import_id`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `history_tickets_requester` ON `history_tickets` (`account_id`,`requester_id`);--> statement-breakpoint
CREATE TABLE `replay_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`import_id` text NOT NULL,
	`llm_mode` text NOT NULL,
	`report` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `replay_runs_account` ON `replay_runs` (`account_id`,`created_at`);