CREATE TABLE `rodo_erasures` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`rows` text NOT NULL,
	`files` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
