CREATE TABLE `corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`decision_id` integer,
	`model_version` text,
	`old_intent` text,
	`new_intent` text NOT NULL,
	`text` text NOT NULL,
	`actor` text NOT NULL,
	`actor_name` text,
	`via` text DEFAULT 'sidebar' NOT NULL,
	`zendesk_status` text DEFAULT 'pending' NOT NULL,
	`zendesk_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `corrections_ticket` ON `corrections` (`account_id`,`ticket_id`);--> statement-breakpoint
CREATE INDEX `corrections_account` ON `corrections` (`account_id`,`created_at`);