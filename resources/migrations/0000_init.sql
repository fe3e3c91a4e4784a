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
CREATE TABLE `bank_statements` (
	`id` text PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`format` text NOT NULL,
	`sha256` text NOT NULL,
	`statement_ref` text,
	`account_no` text,
	`transaction_count` integer NOT NULL,
	`matched_count` integer NOT NULL,
	`matched_total` integer NOT NULL,
	`unmatched_count` integer NOT NULL,
	`imported_by` text,
	`imported_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `bank_statements_sha256_unique` ON `bank_statements` (`sha256`);--> statement-breakpoint
CREATE TABLE `bank_transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`statement_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`booked_on` text NOT NULL,
	`amount` integer NOT NULL,
	`counterparty_name` text,
	`counterparty_account` text,
	`title` text,
	`bank_ref` text,
	`matched_account` text,
	`customer_id` text,
	`payment_id` text,
	`status` text NOT NULL,
	`note` text,
	FOREIGN KEY (`statement_id`) REFERENCES `bank_statements`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `bank_transactions_statement` ON `bank_transactions` (`statement_id`);--> statement-breakpoint
CREATE INDEX `bank_transactions_status` ON `bank_transactions` (`status`);--> statement-breakpoint
CREATE INDEX `bank_transactions_ref` ON `bank_transactions` (`bank_ref`);--> statement-breakpoint
CREATE TABLE `billing_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`month` text NOT NULL,
	`issue_date` text NOT NULL,
	`status` text NOT NULL,
	`issued_count` integer DEFAULT 0 NOT NULL,
	`skipped_count` integer DEFAULT 0 NOT NULL,
	`net_total` integer DEFAULT 0 NOT NULL,
	`vat_total` integer DEFAULT 0 NOT NULL,
	`gross_total` integer DEFAULT 0 NOT NULL,
	`report` text,
	`print_batch_id` text,
	`error` text,
	`started_by` text,
	`started_at` text NOT NULL,
	`finished_at` text
) STRICT;
--> statement-breakpoint
CREATE TABLE `case_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `case_attachments_case` ON `case_attachments` (`case_id`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`at` text NOT NULL,
	`staff_id` text,
	`kind` text NOT NULL,
	`text` text,
	`data` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `case_events_case` ON `case_events` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `case_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`kind` text NOT NULL,
	`template_id` text NOT NULL,
	`channel` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`recipient_name` text NOT NULL,
	`recipient_email` text,
	`recipient_address` text,
	`pdf_sha256` text NOT NULL,
	`mail_id` text,
	`new_due_on` text,
	`sent_on` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `case_replies_case` ON `case_replies` (`case_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` text PRIMARY KEY NOT NULL,
	`case_no` text NOT NULL,
	`type` text NOT NULL,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`customer_id` text,
	`subject` text NOT NULL,
	`description` text NOT NULL,
	`location` text,
	`callback_phone` text,
	`reporter_name` text,
	`urgency` text,
	`received_on` text NOT NULL,
	`received_at` text NOT NULL,
	`due_on` text NOT NULL,
	`original_due_on` text NOT NULL,
	`department` text NOT NULL,
	`assignee_id` text,
	`routed_at` text,
	`answered_on` text,
	`closed_at` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_case_no_unique` ON `cases` (`case_no`);--> statement-breakpoint
CREATE INDEX `cases_customer` ON `cases` (`customer_id`,`received_on`);--> statement-breakpoint
CREATE INDEX `cases_open_due` ON `cases` (`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `cases_type_status` ON `cases` (`type`,`status`);--> statement-breakpoint
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
	`hub_status` text,
	`hub_reason` text,
	`at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `change_log_mutation_id_unique` ON `change_log` (`mutation_id`);--> statement-breakpoint
CREATE INDEX `change_log_pending` ON `change_log` (`pushed_seq`);--> statement-breakpoint
CREATE TABLE `consent_events` (
	`id` text PRIMARY KEY NOT NULL,
	`document_no` text NOT NULL,
	`customer_id` text NOT NULL,
	`contract_id` text,
	`type` text NOT NULL,
	`action` text NOT NULL,
	`scope` text,
	`refers_to` text,
	`text_id` text,
	`text_version` text,
	`text_sha256` text,
	`info_clause_version` text,
	`info_clause_sha256` text,
	`email` text,
	`phone` text,
	`signed_on` text NOT NULL,
	`signed_at` text,
	`effective_on` text NOT NULL,
	`registered_at` text NOT NULL,
	`channel` text NOT NULL,
	`scan_id` text,
	`staff_id` text,
	`station_code` text NOT NULL,
	`workstation` text NOT NULL,
	`ip_address` text,
	`signer_kind` text NOT NULL,
	`representative_name` text,
	`authorisation` text,
	`application_id` text,
	`note` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scan_id`) REFERENCES `scans`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `consent_events_document_no_unique` ON `consent_events` (`document_no`);--> statement-breakpoint
CREATE INDEX `consent_events_customer` ON `consent_events` (`customer_id`,`effective_on`);--> statement-breakpoint
CREATE INDEX `consent_events_registered` ON `consent_events` (`registered_at`);--> statement-breakpoint
CREATE TABLE `consent_texts` (
	`id` text PRIMARY KEY NOT NULL,
	`text_id` text NOT NULL,
	`version` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`sha256` text NOT NULL,
	`valid_from` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `consent_texts_version` ON `consent_texts` (`text_id`,`version`);--> statement-breakpoint
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
CREATE TABLE `invoice_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`channel` text NOT NULL,
	`email` text,
	`mail_id` text,
	`print_batch_id` text,
	`basis` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`print_batch_id`) REFERENCES `print_batches`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `invoice_deliveries_invoice` ON `invoice_deliveries` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `invoice_deliveries_batch` ON `invoice_deliveries` (`print_batch_id`);--> statement-breakpoint
CREATE TABLE `invoice_duplicates` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`issued_on` text NOT NULL,
	`reason` text,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `invoice_duplicates_invoice` ON `invoice_duplicates` (`invoice_id`);--> statement-breakpoint
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
	`tariff_price_id` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice` ON `invoice_lines` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `invoice_readings` (
	`id` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`meter_id` text NOT NULL,
	`meter_serial` text NOT NULL,
	`meter_kind` text NOT NULL,
	`from_date` text NOT NULL,
	`from_value` integer NOT NULL,
	`from_kind` text NOT NULL,
	`to_reading_id` text NOT NULL,
	`to_date` text NOT NULL,
	`to_value` integer NOT NULL,
	`to_kind` text NOT NULL,
	`consumption_m3` integer NOT NULL,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meter_id`) REFERENCES `meters`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `invoice_readings_invoice` ON `invoice_readings` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `invoice_readings_meter` ON `invoice_readings` (`meter_id`,`to_date`);--> statement-breakpoint
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
	`series` text NOT NULL,
	`station_code` text NOT NULL,
	`place_of_issue` text NOT NULL,
	`seller` text NOT NULL,
	`buyer` text NOT NULL,
	`supply_point` text NOT NULL,
	`payment_account` text NOT NULL,
	`tariff_group_name` text NOT NULL,
	`correction_reason` text,
	`billing_run_id` text,
	`ksef_xml` text,
	`ksef_number` text,
	`ksef_number_at` text,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_unique` ON `invoices` (`number`);--> statement-breakpoint
CREATE INDEX `invoices_customer` ON `invoices` (`customer_id`,`issue_date`);--> statement-breakpoint
CREATE INDEX `invoices_contract_period` ON `invoices` (`contract_id`,`period_to`);--> statement-breakpoint
CREATE INDEX `invoices_corrects` ON `invoices` (`corrects_id`);--> statement-breakpoint
CREATE INDEX `invoices_run` ON `invoices` (`billing_run_id`);--> statement-breakpoint
CREATE TABLE `mails` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`station_code` text NOT NULL,
	`customer_id` text,
	`related_entity` text,
	`related_id` text,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text,
	`attachments` text NOT NULL,
	`message_id` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_attempt_at` text,
	`last_error` text,
	`server_reply` text,
	`sent_at` text,
	`decision_note` text,
	`resend_of` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `mails_message_id_unique` ON `mails` (`message_id`);--> statement-breakpoint
CREATE INDEX `mails_due` ON `mails` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `mails_customer` ON `mails` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `mails_related` ON `mails` (`related_entity`,`related_id`);--> statement-breakpoint
CREATE TABLE `meter_replacements` (
	`id` text PRIMARY KEY NOT NULL,
	`protocol_no` text NOT NULL,
	`supply_point_id` text NOT NULL,
	`replaced_on` text NOT NULL,
	`old_meter_id` text NOT NULL,
	`old_final_reading_id` text NOT NULL,
	`old_seal_state` text NOT NULL,
	`new_meter_id` text NOT NULL,
	`new_initial_reading_id` text NOT NULL,
	`new_seal_no` text NOT NULL,
	`reason` text NOT NULL,
	`fitter_name` text NOT NULL,
	`note` text,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`supply_point_id`) REFERENCES `supply_points`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`old_meter_id`) REFERENCES `meters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`old_final_reading_id`) REFERENCES `readings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`new_meter_id`) REFERENCES `meters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`new_initial_reading_id`) REFERENCES `readings`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `meter_replacements_protocol_no_unique` ON `meter_replacements` (`protocol_no`);--> statement-breakpoint
CREATE INDEX `meter_replacements_point` ON `meter_replacements` (`supply_point_id`,`replaced_on`);--> statement-breakpoint
CREATE INDEX `meter_replacements_old` ON `meter_replacements` (`old_meter_id`);--> statement-breakpoint
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
	`counter_digits` integer DEFAULT 5 NOT NULL,
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
	`reverses_id` text,
	`statement_id` text,
	`payer_name` text,
	`title` text,
	`account` text,
	`note` text,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `payments_customer` ON `payments` (`customer_id`,`paid_on`);--> statement-breakpoint
CREATE INDEX `payments_reverses` ON `payments` (`reverses_id`);--> statement-breakpoint
CREATE TABLE `portal_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`login` text NOT NULL,
	`password_hash` text,
	`state` text NOT NULL,
	`state_before_lock` text,
	`lock_reason` text,
	`email` text,
	`credentials_channel` text,
	`password_set_at` text,
	`credentials_sent_at` text,
	`activated_at` text,
	`last_portal_login_at` text,
	`locked_at` text,
	`application_id` text,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `portal_accounts_customer_id_unique` ON `portal_accounts` (`customer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `portal_accounts_login_unique` ON `portal_accounts` (`login`);--> statement-breakpoint
CREATE TABLE `print_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`billing_run_id` text,
	`invoice_count` integer NOT NULL,
	`printed_at` text,
	`printed_by` text,
	`created_by` text,
	`created_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE TABLE `reading_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`reading_id` text NOT NULL,
	`decision` text NOT NULL,
	`rollover` integer DEFAULT false NOT NULL,
	`note` text NOT NULL,
	`decided_by` text NOT NULL,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`reading_id`) REFERENCES `readings`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `reading_reviews_reading` ON `reading_reviews` (`reading_id`,`decided_at`);--> statement-breakpoint
CREATE TABLE `readings` (
	`id` text PRIMARY KEY NOT NULL,
	`meter_id` text NOT NULL,
	`read_on` text NOT NULL,
	`value_m3` integer NOT NULL,
	`kind` text NOT NULL,
	`source` text,
	`note` text,
	`read_at` text,
	`status` text DEFAULT 'ok' NOT NULL,
	`flags` text,
	`replaces_estimate_id` text,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`meter_id`) REFERENCES `meters`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `readings_meter_date` ON `readings` (`meter_id`,`read_on`);--> statement-breakpoint
CREATE INDEX `readings_flagged` ON `readings` (`meter_id`) WHERE status = 'flagged';--> statement-breakpoint
CREATE TABLE `registration_applications` (
	`id` text PRIMARY KEY NOT NULL,
	`application_no` text NOT NULL,
	`state` text NOT NULL,
	`customer_no` text NOT NULL,
	`applicant_name` text NOT NULL,
	`supply_street` text NOT NULL,
	`supply_house_no` text NOT NULL,
	`supply_flat_no` text,
	`supply_postal_code` text NOT NULL,
	`supply_city` text NOT NULL,
	`correspondence_address` text,
	`email` text,
	`phone` text,
	`invoice_no` text NOT NULL,
	`accept_regulamin` integer NOT NULL,
	`regulamin_version` text NOT NULL,
	`accept_e_invoice` integer NOT NULL,
	`accept_sms` integer NOT NULL,
	`signed_on` text NOT NULL,
	`scan_id` text,
	`customer_id` text,
	`problems` text,
	`warnings` text,
	`verified_at` text,
	`verified_by` text,
	`rejection_reason` text,
	`rejected_at` text,
	`rejected_by` text,
	`account_id` text,
	`received_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`scan_id`) REFERENCES `scans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `registration_applications_application_no_unique` ON `registration_applications` (`application_no`);--> statement-breakpoint
CREATE INDEX `registration_applications_state` ON `registration_applications` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `registration_applications_customer` ON `registration_applications` (`customer_id`);--> statement-breakpoint
CREATE TABLE `scans` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `scans_customer` ON `scans` (`customer_id`);--> statement-breakpoint
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
CREATE TABLE `sync_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`fields` text NOT NULL,
	`hub_values` text NOT NULL,
	`desk_values` text NOT NULL,
	`desk_id` text NOT NULL,
	`mutation_id` text NOT NULL,
	`status` text NOT NULL,
	`resolution` text,
	`resolved_by` text,
	`resolved_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`hub_url` text,
	`desk_token` text,
	`cursor` integer DEFAULT 0 NOT NULL,
	`hub_id` text,
	`epoch` text,
	`last_sync_at` text,
	`last_error` text,
	`last_error_code` text
) STRICT;
--> statement-breakpoint
CREATE TABLE `sync_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`hub_seq` integer NOT NULL
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