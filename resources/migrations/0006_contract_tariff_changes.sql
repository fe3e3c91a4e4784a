CREATE TABLE `contract_tariff_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`contract_id` text NOT NULL,
	`seq` integer NOT NULL,
	`from_group_id` text NOT NULL,
	`to_group_id` text NOT NULL,
	`effective_from` text NOT NULL,
	`reason` text NOT NULL,
	`consent_event_id` text,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_group_id`) REFERENCES `tariff_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_group_id`) REFERENCES `tariff_groups`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `contract_tariff_changes_contract` ON `contract_tariff_changes` (`contract_id`,`effective_from`);