-- Meter readings, the supervisor's decisions on them and replacement protocols are facts: the
-- database itself refuses to delete them or to rewrite what they say. A wrong reading is answered
-- by a review (rejected) or a new reading; the note stays writable for a lawful erasure.
CREATE TRIGGER `readings_no_delete` BEFORE DELETE ON `readings`
BEGIN
	SELECT RAISE(ABORT, 'readings are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `readings_no_rewrite` BEFORE UPDATE ON `readings`
WHEN NEW.id IS NOT OLD.id OR NEW.meter_id IS NOT OLD.meter_id OR NEW.read_on IS NOT OLD.read_on
	OR NEW.value_m3 IS NOT OLD.value_m3 OR NEW.kind IS NOT OLD.kind OR NEW.status IS NOT OLD.status
	OR NEW.flags IS NOT OLD.flags OR NEW.read_at IS NOT OLD.read_at OR NEW.replaces_estimate_id IS NOT OLD.replaces_estimate_id
	OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at
BEGIN
	SELECT RAISE(ABORT, 'readings are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `reading_reviews_no_delete` BEFORE DELETE ON `reading_reviews`
BEGIN
	SELECT RAISE(ABORT, 'reading reviews are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `reading_reviews_no_rewrite` BEFORE UPDATE ON `reading_reviews`
WHEN NEW.id IS NOT OLD.id OR NEW.reading_id IS NOT OLD.reading_id OR NEW.decision IS NOT OLD.decision
	OR NEW.rollover IS NOT OLD.rollover OR NEW.decided_by IS NOT OLD.decided_by OR NEW.decided_at IS NOT OLD.decided_at
BEGIN
	SELECT RAISE(ABORT, 'reading reviews are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `meter_replacements_no_delete` BEFORE DELETE ON `meter_replacements`
BEGIN
	SELECT RAISE(ABORT, 'replacement protocols are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `meter_replacements_no_rewrite` BEFORE UPDATE ON `meter_replacements`
WHEN NEW.id IS NOT OLD.id OR NEW.protocol_no IS NOT OLD.protocol_no OR NEW.replaced_on IS NOT OLD.replaced_on
	OR NEW.old_meter_id IS NOT OLD.old_meter_id OR NEW.new_meter_id IS NOT OLD.new_meter_id
	OR NEW.old_final_reading_id IS NOT OLD.old_final_reading_id OR NEW.new_initial_reading_id IS NOT OLD.new_initial_reading_id
	OR NEW.new_seal_no IS NOT OLD.new_seal_no
BEGIN
	SELECT RAISE(ABORT, 'replacement protocols are append-only');
END;
