DROP INDEX `readings_meter_date`;--> statement-breakpoint
CREATE INDEX `readings_meter_date` ON `readings` (`meter_id`,`read_on`,`value_m3`,`kind`,`status`,`created_at`,`id`);