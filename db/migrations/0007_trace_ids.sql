ALTER TABLE `decisions` ADD `trace_id` text;--> statement-breakpoint
ALTER TABLE `events` ADD `trace_id` text;--> statement-breakpoint
ALTER TABLE `llm_attempts` ADD `trace_id` text;