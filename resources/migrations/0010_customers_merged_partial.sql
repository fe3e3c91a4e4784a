DROP INDEX `customers_merged_into`;--> statement-breakpoint
CREATE INDEX `customers_merged_into` ON `customers` (`merged_into`) WHERE "customers"."merged_into" IS NOT NULL;