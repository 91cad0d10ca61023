ALTER TABLE `llm_classifications` ADD `ticket_id` integer;--> statement-breakpoint
CREATE INDEX `llm_classifications_ticket` ON `llm_classifications` (`account_id`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `events_received` ON `events` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_requester` ON `tickets` (`account_id`,`requester_id`);--> statement-breakpoint
CREATE INDEX `tickets_updated` ON `tickets` (`account_id`,`updated_at`);