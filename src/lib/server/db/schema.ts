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

/**
 * better-auth's tables (created by migration 003). Their dates are written by better-auth itself:
 * timestamptz on PostgreSQL, and on SQLite whatever its adapter stores; read them through
 * better-auth's API or convert with `new Date(value)`.
 */
export type Role = 'member' | 'practitioner' | 'owner';

export interface UserTable {
	id: string;
	name: string;
	email: string;
	emailVerified: number | boolean;
	image: string | null;
	createdAt: Date | string;
	updatedAt: Date | string;
	twoFactorEnabled: number | boolean | null;
	role: Role;
	timeZone: string | null;
}

export interface SessionTable {
	id: string;
	expiresAt: Date | string;
	token: string;
	createdAt: Date | string;
	updatedAt: Date | string;
	ipAddress: string | null;
	userAgent: string | null;
	userId: string;
}

export interface PasskeyTable {
	id: string;
	name: string | null;
	userId: string;
	createdAt: Date | string | null;
}

export interface TwoFactorTable {
	id: string;
	userId: string;
	verified: number | boolean | null;
}

export interface SetupTokenTable {
	token_hash: string;
	role: 'owner' | 'practitioner';
	email: string | null;
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

export interface SessionActivityTable {
	session_id: string;
	last_seen_at: string;
}

/**
 * One thing that happened to an account or to a member's data. `target` names what was read or
 * changed by id or kind, never its content; the user ids are not foreign keys, so the record
 * outlives the account.
 */
export interface AuditLogTable {
	id: string;
	at: string;
	/** Who acted; null when nobody was signed in, e.g. a failed sign-in. */
	actor_user_id: string | null;
	/** Whose account or data it concerns. */
	subject_user_id: string | null;
	action: string;
	target: string | null;
	ip: string | null;
	user_agent: string | null;
}

export interface RateLimitBucketTable {
	key: string;
	window_start: string;
	count: number;
}

export interface DB {
	rate_limit_bucket: RateLimitBucketTable;
	user: UserTable;
	session: SessionTable;
	passkey: PasskeyTable;
	twoFactor: TwoFactorTable;
	setup_token: SetupTokenTable;
	session_activity: SessionActivityTable;
	practice: PracticeTable;
	mail_outbox: MailOutboxTable;
	audit_log: AuditLogTable;
}
