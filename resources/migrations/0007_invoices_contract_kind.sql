DROP INDEX `invoices_contract_period`;--> statement-breakpoint
CREATE INDEX `invoices_contract_period` ON `invoices` (`contract_id`,`kind`,`period_to`);