import type { Generated } from 'kysely';

/**
 * The database as Kysely sees it. Instants are ISO 8601 UTC strings ("2026-11-29T15:00:00.000Z")
 * on both databases, so they compare and sort the same everywhere; zones are IANA names beside them.
 */
export interface PracticeTable {
	id: number;
	name: string;
	time_zone: string;
	contact_email: string;
	created_at: string;
	updated_at: string;
}

/**
 * pending: waiting to be sent (or to be tried again); sent: the SMTP server accepted it;
 * kept: no SMTP server is configured, so it is shown to the practitioner instead; failed: gave up.
 */
export type MailStatus = 'pending' | 'sent' | 'kept' | 'failed';

export interface MailOutboxTable {
	id: string;
	/** The RFC 5322 Message-ID with its angle brackets, the same on every attempt. */
	message_id: string;
	kind: string;
	to_address: string;
	subject: string;
	text_body: string;
	html_body: string;
	/** An iCalendar body sent as the message's calendar part, with its METHOD beside it. */
	calendar: string | null;
	calendar_method: string | null;
	status: MailStatus;
	attempts: Generated<number>;
	next_attempt_at: string;
	/** While set and in the future, one worker is sending this row and no other may take it. */
	claimed_until: string | null;
	last_error: string | null;
	created_at: string;
	sent_at: string | null;
}

export interface DB {
	practice: PracticeTable;
	mail_outbox: MailOutboxTable;
}
