CREATE TABLE `approval_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`draft_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`actor_name` text,
	`via` text NOT NULL,
	`intent` text,
	`original_text` text,
	`final_text` text,
	`edit_distance` integer,
	`reason` text,
	`applied` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`draft_id`) REFERENCES `drafts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_actions_draft` ON `approval_actions` (`draft_id`);--> statement-breakpoint
CREATE INDEX `approval_actions_account` ON `approval_actions` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`decision_id` integer,
	`status` text DEFAULT 'drafting' NOT NULL,
	`body` text,
	`final_text` text,
	`citations` text DEFAULT '[]' NOT NULL,
	`confidence` real,
	`needs_human` integer DEFAULT false NOT NULL,
	`reason` text,
	`source` text,
	`model` text,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`note` text,
	`decided_by` text,
	`decided_via` text,
	`decided_at` text,
	`reject_reason` text,
	`reply_author_id` integer,
	`reply_state` text DEFAULT 'none' NOT NULL,
	`reply_posted_at` text,
	`slack_channel` text,
	`slack_ts` text,
	`workflow_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drafts_ticket` ON `drafts` (`account_id`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `drafts_status` ON `drafts` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `drafts_decision` ON `drafts` (`decision_id`);--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`reason` text NOT NULL,
	`slack_channel` text,
	`slack_ts` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalations_ticket` ON `escalations` (`account_id`,`ticket_id`);