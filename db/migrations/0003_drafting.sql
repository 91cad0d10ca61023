CREATE TABLE `draft_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`draft_id` integer,
	`day` text NOT NULL,
	`source` text NOT NULL,
	`model` text,
	`tier` text,
	`note` text,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`llm_calls` integer DEFAULT 0 NOT NULL,
	`tool_calls` integer DEFAULT 0 NOT NULL,
	`passages` integer DEFAULT 0 NOT NULL,
	`citations` integer DEFAULT 0 NOT NULL,
	`redactions` text DEFAULT '{}' NOT NULL,
	`unknown_placeholders` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `draft_runs_draft` ON `draft_runs` (`draft_id`);--> statement-breakpoint
CREATE INDEX `draft_runs_ticket` ON `draft_runs` (`account_id`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `draft_runs_day` ON `draft_runs` (`account_id`,`day`);--> statement-breakpoint
CREATE TABLE `kb_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`doc_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`url` text,
	`locale` text DEFAULT 'en' NOT NULL,
	`tags` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`content_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kb_documents_doc` ON `kb_documents` (`account_id`,`doc_id`);--> statement-breakpoint
CREATE INDEX `kb_documents_account` ON `kb_documents` (`account_id`,`kind`);--> statement-breakpoint
CREATE TABLE `llm_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer,
	`draft_id` integer,
	`run_id` integer,
	`day` text NOT NULL,
	`seq` integer NOT NULL,
	`model` text,
	`response_format` text,
	`outcome` text NOT NULL,
	`http_status` integer,
	`error` text,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`usage_estimated` integer DEFAULT false NOT NULL,
	`unpriced` integer DEFAULT false NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`latency_ms` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `llm_attempts_draft` ON `llm_attempts` (`draft_id`);--> statement-breakpoint
CREATE INDEX `llm_attempts_account_day` ON `llm_attempts` (`account_id`,`day`);--> statement-breakpoint
CREATE INDEX `llm_attempts_ticket` ON `llm_attempts` (`account_id`,`ticket_id`);--> statement-breakpoint
CREATE TABLE `llm_circuits` (
	`account_id` text PRIMARY KEY NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`open_until` integer,
	`last_error` text,
	`json_schema` text DEFAULT 'unknown' NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `llm_tool_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer,
	`draft_id` integer,
	`run_id` integer,
	`tool` text NOT NULL,
	`outcome` text NOT NULL,
	`http_status` integer,
	`error` text,
	`latency_ms` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `llm_tool_calls_draft` ON `llm_tool_calls` (`draft_id`);--> statement-breakpoint
CREATE INDEX `llm_tool_calls_account` ON `llm_tool_calls` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `llm_usage_daily` (
	`account_id` text NOT NULL,
	`day` text NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`llm_calls` integer DEFAULT 0 NOT NULL,
	`llm_drafts` integer DEFAULT 0 NOT NULL,
	`template_drafts` integer DEFAULT 0 NOT NULL,
	`over_budget` integer DEFAULT 0 NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`account_id`, `day`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
