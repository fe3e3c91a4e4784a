-- A case's history is append-only, enforced by the database and not only by the code: events,
-- replies as sent and attachments are never deleted and their facts never rewritten. The texts
-- that may hold personal data (a note, a reply's body and recipient) stay writable so that a
-- lawful RODO erasure can blank them; nothing else can change.
CREATE TRIGGER `case_events_no_delete` BEFORE DELETE ON `case_events`
BEGIN
	SELECT RAISE(ABORT, 'case_events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `case_events_no_rewrite` BEFORE UPDATE ON `case_events`
WHEN NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id OR NEW.at IS NOT OLD.at OR NEW.staff_id IS NOT OLD.staff_id
	OR NEW.kind IS NOT OLD.kind OR NEW.data IS NOT OLD.data
BEGIN
	SELECT RAISE(ABORT, 'case_events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `case_replies_no_delete` BEFORE DELETE ON `case_replies`
BEGIN
	SELECT RAISE(ABORT, 'case replies are kept as sent');
END;
--> statement-breakpoint
CREATE TRIGGER `case_replies_no_rewrite` BEFORE UPDATE ON `case_replies`
WHEN NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id OR NEW.kind IS NOT OLD.kind OR NEW.template_id IS NOT OLD.template_id
	OR NEW.channel IS NOT OLD.channel OR NEW.subject IS NOT OLD.subject OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256
	OR NEW.mail_id IS NOT OLD.mail_id OR NEW.new_due_on IS NOT OLD.new_due_on OR NEW.sent_on IS NOT OLD.sent_on
	OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at
BEGIN
	SELECT RAISE(ABORT, 'case replies are kept as sent');
END;
--> statement-breakpoint
CREATE TRIGGER `case_attachments_no_delete` BEFORE DELETE ON `case_attachments`
BEGIN
	SELECT RAISE(ABORT, 'case attachments are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `case_attachments_no_rewrite` BEFORE UPDATE OF `case_id`, `sha256`, `bytes`, `mime_type`, `created_at` ON `case_attachments`
BEGIN
	SELECT RAISE(ABORT, 'case attachments are never rewritten');
END;
