CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`staff_id` text,
	`station_code` text NOT NULL,
	`operation` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text
) STRICT;
--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `change_log` (
	`counter` integer PRIMARY KEY NOT NULL,
	`mutation_id` text NOT NULL,
	`hlc` text NOT NULL,
	`station_code` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`op` text NOT NULL,
	`fields` text NOT NULL,
	`base_seq` integer,
	`pushed_seq` integer,
	`at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `change_log_mutation_id_unique` ON `change_log` (`mutation_id`);--> statement-breakpoint
CREATE INDEX `change_log_pending` ON `change_log` (`pushed_seq`);--> statement-breakpoint
CREATE TABLE `contracts` (
	`id` text PRIMARY KEY NOT NULL,
	`contract_no` text NOT NULL,
	`customer_id` text NOT NULL,
	`supply_point_id` text NOT NULL,
	`services` text NOT NULL,
	`tariff_group_id` text NOT NULL,
	`billing_cycle` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supply_point_id`) REFERENCES `supply_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tariff_group_id`) REFERENCES `tariff_groups`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_contract_no_unique` ON `contracts` (`contract_no`);--> statement-breakpoint
CREATE INDEX `contracts_customer` ON `contracts` (`customer_id`);--> statement-breakpoint
CREATE INDEX `contracts_supply_point` ON `contracts` (`supply_point_id`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_no` text NOT NULL,
	`kind` text NOT NULL,
	`first_name` text,
	`last_name` text,
	`company_name` text,
	`pesel` text,
	`nip` text,
	`regon` text,
	`email` text,
	`phone` text,
	`corr_street` text NOT NULL,
	`corr_house_no` text NOT NULL,
	`corr_flat_no` text,
	`corr_postal_code` text NOT NULL,
	`corr_city` text NOT NULL,
	`bank_account` text NOT NULL,
	`merged_into` text,
	`anonymised_at` text,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_customer_no_unique` ON `customers` (`customer_no`);--> statement-breakpoint
CREATE INDEX `customers_pesel` ON `customers` (`pesel`);--> statement-breakpoint
CREATE INDEX `customers_nip` ON `customers` (`nip`);--> statement-breakpoint
CREATE INDEX `customers_email` ON `customers` (`email`);--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_net` integer NOT NULL,
	`net` integer NOT NULL,
	`vat_basis_points` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice` ON `invoice_lines` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`corrects_id` text,
	`customer_id` text NOT NULL,
	`contract_id` text NOT NULL,
	`issue_date` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`due_date` text NOT NULL,
	`net_total` integer NOT NULL,
	`vat_total` integer NOT NULL,
	`gross_total` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE INDEX `invoices_customer` ON `invoices` (`customer_id`,`issue_date`);--> statement-breakpoint
CREATE TABLE `meters` (
	`id` text PRIMARY KEY NOT NULL,
	`serial_no` text NOT NULL,
	`supply_point_id` text NOT NULL,
	`kind` text NOT NULL,
	`diameter_mm` integer NOT NULL,
	`installed_on` text NOT NULL,
	`removed_on` text,
	`legalisation_year` integer NOT NULL,
	`seal_no` text,
	`seal_state` text NOT NULL,
	`radio_id` text,
	`state` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`supply_point_id`) REFERENCES `supply_points`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `meters_serial` ON `meters` (`serial_no`);--> statement-breakpoint
CREATE INDEX `meters_supply_point` ON `meters` (`supply_point_id`);--> statement-breakpoint
CREATE TABLE `number_series` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`station_code` text NOT NULL,
	`period` text NOT NULL,
	`next_value` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `number_series_key` ON `number_series` (`kind`,`station_code`,`period`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`paid_on` text NOT NULL,
	`amount` integer NOT NULL,
	`method` text NOT NULL,
	`reference` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `payments_customer` ON `payments` (`customer_id`,`paid_on`);--> statement-breakpoint
CREATE TABLE `readings` (
	`id` text PRIMARY KEY NOT NULL,
	`meter_id` text NOT NULL,
	`read_on` text NOT NULL,
	`value_m3` integer NOT NULL,
	`kind` text NOT NULL,
	`source` text,
	`note` text,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`meter_id`) REFERENCES `meters`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `readings_meter_date` ON `readings` (`meter_id`,`read_on`);--> statement-breakpoint
CREATE TABLE `settings` (
	`id` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`login` text NOT NULL,
	`full_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`must_change_password` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_login_unique` ON `staff` (`login`);--> statement-breakpoint
CREATE TABLE `supply_points` (
	`id` text PRIMARY KEY NOT NULL,
	`street` text NOT NULL,
	`house_no` text NOT NULL,
	`flat_no` text,
	`postal_code` text NOT NULL,
	`city` text NOT NULL,
	`deleted_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE TABLE `tariff_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`billing_cycle` text NOT NULL,
	`e_invoice` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `tariff_groups_code_unique` ON `tariff_groups` (`code`);--> statement-breakpoint
CREATE TABLE `tariff_prices` (
	`id` text PRIMARY KEY NOT NULL,
	`tariff_group_id` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`water_net_per_m3` integer NOT NULL,
	`sewage_net_per_m3` integer NOT NULL,
	`abonament_net` integer NOT NULL,
	`vat_basis_points` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`tariff_group_id`) REFERENCES `tariff_groups`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `tariff_prices_group` ON `tariff_prices` (`tariff_group_id`,`valid_from`);