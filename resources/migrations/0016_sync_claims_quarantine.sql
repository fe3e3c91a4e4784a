CREATE TABLE `sync_quarantine` (
	`seq` integer PRIMARY KEY NOT NULL,
	`entry` text NOT NULL,
	`error` text NOT NULL,
	`at` text NOT NULL
) STRICT;
--> statement-breakpoint
ALTER TABLE `change_log` ADD `staff_id` text;--> statement-breakpoint
ALTER TABLE `sync_conflicts` ADD `kind` text;