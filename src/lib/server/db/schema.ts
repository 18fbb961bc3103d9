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

/** better-auth's sign-in methods of a user; 'credential' is the password (hashed). */
export interface AccountTable {
	id: string;
	userId: string;
	providerId: string;
	password: string | null;
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

/** The consultation diary's rules (one row, id 1). Minutes and days are whole numbers. */
export interface BookingSettingsTable {
	id: number;
	time_zone: string;
	slot_minutes: Generated<number>;
	interval_minutes: Generated<number>;
	buffer_before_minutes: Generated<number>;
	buffer_after_minutes: Generated<number>;
	minimum_notice_minutes: Generated<number>;
	horizon_days: Generated<number>;
	daily_cap: Generated<number | null>;
	cancellation_cutoff_minutes: Generated<number>;
	/** JSON array of minutes before the start. */
	reminder_offsets: Generated<string>;
	meeting_details: string;
	meeting_url: string | null;
	/** JSON array of { id, label, hint?, required, maxLength }. */
	intake_questions: Generated<string>;
	/** SHA-256 of the private calendar feed's token; null when there is no feed. */
	calendar_feed_token_hash: string | null;
	updated_at: string;
}

/** Weekly hours: ISO weekday (1 Monday … 7 Sunday), "HH:MM" wall-clock in the diary's zone. */
export interface AvailabilityWeeklyTable {
	id: string;
	weekday: number;
	start_time: string;
	end_time: string;
}

export interface AvailabilityExceptionTable {
	id: string;
	/** "YYYY-MM-DD" in the diary's zone. */
	date: string;
	kind: 'closed' | 'open';
	start_time: string | null;
	end_time: string | null;
	note: string | null;
}

export interface BookingLicensedPlaceTable {
	country: string;
	/** '' for the whole country. */
	region: string;
}

export type BookingStatus = 'confirmed' | 'cancelled' | 'no-show';

export interface BookingTable {
	id: string;
	practice_id: Generated<number>;
	start_at: string;
	end_at: string;
	blocked_start: string;
	blocked_end: string;
	time_zone: string;
	visitor_time_zone: string;
	status: BookingStatus;
	name: string;
	email: string;
	phone: string | null;
	preferred_contact: 'email' | 'phone';
	location_country: string;
	location_region: string | null;
	/** What the visitor wrote, encrypted (privacy/crypto.ts); never in e-mails or logs. */
	intake_ciphertext: string | null;
	consent_notice_version: string;
	consented_at: string;
	idempotency_key: string;
	/** SHA-256 of the manage link's token; the token itself is never stored. */
	manage_token_hash: string;
	sequence: Generated<number>;
	cancelled_at: string | null;
	cancelled_by: 'visitor' | 'practitioner' | null;
	created_at: string;
	updated_at: string;
}

/** SQLite only: the five-minute cells a live booking holds (see docs/decisions/003). */
export interface BookingCellTable {
	practice_id: number;
	cell: number;
	booking_id: string;
}

export interface BookingReminderTable {
	mail_id: string;
	booking_id: string;
	send_at: string;
}

/**
 * The workbook (migration 007). Every column other than ids, owner and instants holds a value
 * sealed by privacy/data-keys.ts around JSON, bound to "<table>:<id>:<column>"; null when empty.
 */
export interface WorkbookMomentTable {
	id: string;
	user_id: string;
	created_at: string;
	updated_at: string;
	what_happened: string | null;
	happened_picks: string | null;
	people: string | null;
	feelings: string | null;
	beliefs: string | null;
	urges: string | null;
	what_i_did: string | null;
	what_helped: string | null;
	intensity_now: string | null;
	waited_out: string | null;
}

export interface WorkbookDraftTable {
	id: string;
	user_id: string;
	/** The saved moment this draft changes; null for a new moment. */
	moment_id: string | null;
	content: string;
	created_at: string;
	updated_at: string;
}

export interface WorkbookBeliefTable {
	id: string;
	user_id: string;
	created_at: string;
	updated_at: string;
	statement: string | null;
	strength: string | null;
	origins: string | null;
	evidence_for: string | null;
	evidence_against: string | null;
	alternative: string | null;
	alternative_strength: string | null;
}

export interface WorkbookBeliefRatingTable {
	id: string;
	belief_id: string;
	user_id: string;
	created_at: string;
	strength: string | null;
	alternative_strength: string | null;
}

/**
 * The workbook, part two (migration 008). As in part one, every column other than ids, owner,
 * instants and the few clear fields named below holds a sealed JSON value; null when empty.
 */
interface WorkbookRow {
	id: string;
	user_id: string;
	created_at: string;
	updated_at: string;
}

/** Sealed: answers (option values in item order, null where unanswered), score (number). */
export interface WorkbookCheckinTable extends WorkbookRow {
	/** Which questionnaire: 'rses' or 'scs-sf'. */
	instrument: string;
	/** Null while the check-in is a draft. */
	completed_at: string | null;
	answers: string | null;
	score: string | null;
}

/** Sealed: practices (the keys chosen for the week). */
export interface WorkbookPracticeWeekTable extends WorkbookRow {
	/** The Monday of the week in the member's time zone, YYYY-MM-DD. One row per member and week. */
	week: string;
	practices: string | null;
}

/** Sealed: practice (its key), answers (what was written for its exercise and prompts). */
export interface WorkbookPracticeEntryTable extends WorkbookRow {
	practice: string | null;
	answers: string | null;
}

/** Sealed: kind (which sign of self-esteem), note, happened_on (YYYY-MM-DD). */
export interface WorkbookWinTable extends WorkbookRow {
	kind: string | null;
	note: string | null;
	happened_on: string | null;
}

/** Sealed: answers (the self-check's choices). */
export interface WorkbookSelfCheckTable extends WorkbookRow {
	answers: string | null;
}

/** Sealed: title, content (a snapshot of the sections the member chose). */
export interface WorkbookSummaryTable extends WorkbookRow {
	/** Set while the practice may read it. */
	shared_at: string | null;
	/** Set when the member took it back; shared_at is cleared at the same time. */
	revoked_at: string | null;
	/** The free consultation it was shared for, if any. */
	booking_id: string | null;
	title: string | null;
	content: string | null;
}

export interface DB {
	rate_limit_bucket: RateLimitBucketTable;
	user: UserTable;
	account: AccountTable;
	session: SessionTable;
	passkey: PasskeyTable;
	twoFactor: TwoFactorTable;
	setup_token: SetupTokenTable;
	session_activity: SessionActivityTable;
	practice: PracticeTable;
	mail_outbox: MailOutboxTable;
	audit_log: AuditLogTable;
	booking_settings: BookingSettingsTable;
	availability_weekly: AvailabilityWeeklyTable;
	availability_exception: AvailabilityExceptionTable;
	booking_licensed_place: BookingLicensedPlaceTable;
	booking: BookingTable;
	booking_cell: BookingCellTable;
	booking_reminder: BookingReminderTable;
	workbook_moment: WorkbookMomentTable;
	workbook_draft: WorkbookDraftTable;
	workbook_belief: WorkbookBeliefTable;
	workbook_belief_rating: WorkbookBeliefRatingTable;
	workbook_checkin: WorkbookCheckinTable;
	workbook_practice_week: WorkbookPracticeWeekTable;
	workbook_practice_entry: WorkbookPracticeEntryTable;
	workbook_win: WorkbookWinTable;
	workbook_self_check: WorkbookSelfCheckTable;
	workbook_summary: WorkbookSummaryTable;
}
