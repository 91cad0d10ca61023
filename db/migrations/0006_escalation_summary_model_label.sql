ALTER TABLE `drafts` ADD `model_label` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `summary` text;