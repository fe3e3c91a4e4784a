-- Evidence is append-only, enforced by the database itself and not only by the code: consent
-- events, published consent texts and scans can never be deleted or have their evidence
-- rewritten; a mail's content and Message-ID never change once queued (only its delivery state).
-- The personal fields of a consent event (e-mail, phone, representative, authorisation, IP, note)
-- stay writable so that a lawful RODO erasure can blank them; nothing else can change.
CREATE TRIGGER `consent_events_no_delete` BEFORE DELETE ON `consent_events`
BEGIN
	SELECT RAISE(ABORT, 'consent_events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_events_no_rewrite` BEFORE UPDATE ON `consent_events`
WHEN NEW.id IS NOT OLD.id OR NEW.document_no IS NOT OLD.document_no OR NEW.customer_id IS NOT OLD.customer_id
	OR NEW.contract_id IS NOT OLD.contract_id OR NEW.type IS NOT OLD.type OR NEW.action IS NOT OLD.action
	OR NEW.scope IS NOT OLD.scope OR NEW.refers_to IS NOT OLD.refers_to OR NEW.text_id IS NOT OLD.text_id
	OR NEW.text_version IS NOT OLD.text_version OR NEW.text_sha256 IS NOT OLD.text_sha256
	OR NEW.info_clause_version IS NOT OLD.info_clause_version OR NEW.info_clause_sha256 IS NOT OLD.info_clause_sha256
	OR NEW.signed_on IS NOT OLD.signed_on OR NEW.signed_at IS NOT OLD.signed_at OR NEW.effective_on IS NOT OLD.effective_on
	OR NEW.registered_at IS NOT OLD.registered_at OR NEW.channel IS NOT OLD.channel OR NEW.scan_id IS NOT OLD.scan_id
	OR NEW.staff_id IS NOT OLD.staff_id OR NEW.station_code IS NOT OLD.station_code OR NEW.workstation IS NOT OLD.workstation
	OR NEW.signer_kind IS NOT OLD.signer_kind OR NEW.application_id IS NOT OLD.application_id
BEGIN
	SELECT RAISE(ABORT, 'consent_events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_texts_no_delete` BEFORE DELETE ON `consent_texts`
BEGIN
	SELECT RAISE(ABORT, 'published consent texts are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_texts_no_rewrite` BEFORE UPDATE ON `consent_texts`
BEGIN
	SELECT RAISE(ABORT, 'published consent texts are never edited; publish a new version');
END;
--> statement-breakpoint
CREATE TRIGGER `scans_no_delete` BEFORE DELETE ON `scans`
BEGIN
	SELECT RAISE(ABORT, 'scans are evidence and are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `scans_no_rewrite` BEFORE UPDATE OF `sha256`, `bytes`, `content_type` ON `scans`
BEGIN
	SELECT RAISE(ABORT, 'a scan''s content never changes');
END;
--> statement-breakpoint
CREATE TRIGGER `mails_no_delete` BEFORE DELETE ON `mails`
BEGIN
	SELECT RAISE(ABORT, 'mails are kept; cancel a queued mail instead');
END;
--> statement-breakpoint
CREATE TRIGGER `mails_content_fixed` BEFORE UPDATE ON `mails`
WHEN NEW.message_id IS NOT OLD.message_id OR NEW.kind IS NOT OLD.kind OR NEW.station_code IS NOT OLD.station_code
	OR NEW.subject IS NOT OLD.subject OR NEW.attachments IS NOT OLD.attachments
	OR (NEW.to_address IS NOT OLD.to_address AND NEW.to_address IS NOT '[zanonimizowano]')
	OR (NEW.text_body IS NOT OLD.text_body AND NEW.text_body IS NOT '[zanonimizowano]')
	OR (NEW.html_body IS NOT OLD.html_body AND NEW.html_body IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'a queued mail''s content and Message-ID never change');
END;
