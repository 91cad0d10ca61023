CREATE TABLE `decision_outcomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`decision_id` integer NOT NULL,
	`status` text NOT NULL,
	`intent` text,
	`priority` text,
	`group_id` integer,
	`final_intent` text,
	`final_priority` text,
	`final_group_id` integer,
	`intent_verdict` text NOT NULL,
	`priority_verdict` text NOT NULL,
	`group_verdict` text NOT NULL,
	`correct` integer,
	`first_response_minutes` real,
	`drafted` integer DEFAULT false NOT NULL,
	`closed_at` text NOT NULL,
	`trace_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decision_outcomes_decision` ON `decision_outcomes` (`decision_id`);--> statement-breakpoint
CREATE INDEX `decision_outcomes_closed` ON `decision_outcomes` (`account_id`,`closed_at`);