import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../database';

// The free consultation: the practitioner's availability (one practice, one diary), the bookings,
// and what keeps two consultations from ever holding the same time (docs/decisions/003).
// Instants are ISO 8601 UTC text, as everywhere; zones are IANA names beside them; times of day are
// "HH:MM" wall-clock in the practitioner's zone.

// Every instant in a booking is written by Date.toISOString(); the check keeps it that way, which
// is also what lets PostgreSQL read the text as a timestamptz in an index (see steady_utc below).
const isoOnSqlite = (column: string) =>
	sql.raw(
		`${column} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'`
	);
const isoOnPostgres = (column: string) =>
	sql.raw(`${column} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$'`);

export async function up(db: Kysely<unknown>): Promise<void> {
	const postgres = dialectOf(db) === 'postgres';
	const iso = postgres ? isoOnPostgres : isoOnSqlite;

	// One row: the rules that turn weekly hours into bookable times, and what the visitor is told.
	await db.schema
		.createTable('booking_settings')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('time_zone', 'text', (c) => c.notNull())
		.addColumn('slot_minutes', 'integer', (c) => c.notNull().defaultTo(20))
		.addColumn('interval_minutes', 'integer', (c) => c.notNull().defaultTo(30))
		.addColumn('buffer_before_minutes', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('buffer_after_minutes', 'integer', (c) => c.notNull().defaultTo(10))
		.addColumn('minimum_notice_minutes', 'integer', (c) => c.notNull().defaultTo(24 * 60))
		.addColumn('horizon_days', 'integer', (c) => c.notNull().defaultTo(30))
		// null: no limit on consultations per day.
		.addColumn('daily_cap', 'integer', (c) => c.defaultTo(6))
		.addColumn('cancellation_cutoff_minutes', 'integer', (c) => c.notNull().defaultTo(4 * 60))
		// JSON array of minutes before the start, e.g. [1440, 60].
		.addColumn('reminder_offsets', 'text', (c) => c.notNull().defaultTo('[1440,60]'))
		// How to join, shown on the confirmation page and in e-mails: never anything the visitor wrote.
		.addColumn('meeting_details', 'text', (c) => c.notNull())
		.addColumn('meeting_url', 'text')
		// JSON array of the practitioner's own questions: [{ id, label, hint?, required, maxLength }].
		.addColumn('intake_questions', 'text', (c) => c.notNull().defaultTo('[]'))
		// The practitioner's private calendar feed (/api/calendar/<token>.ics): only a SHA-256 of
		// its token; null while there is none. Regenerating replaces it, which revokes the old one.
		.addColumn('calendar_feed_token_hash', 'text', (c) => c.unique())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addCheckConstraint('booking_settings_single_row', sql`id = 1`)
		.addCheckConstraint(
			'booking_settings_sensible',
			sql`slot_minutes > 0 and interval_minutes > 0 and buffer_before_minutes >= 0 and buffer_after_minutes >= 0 and minimum_notice_minutes >= 0 and horizon_days > 0 and (daily_cap is null or daily_cap > 0) and cancellation_cutoff_minutes >= 0`
		)
		.execute();

	// Weekly working hours; several ranges a day are several rows.
	await db.schema
		.createTable('availability_weekly')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('weekday', 'integer', (c) => c.notNull())
		.addColumn('start_time', 'text', (c) => c.notNull())
		.addColumn('end_time', 'text', (c) => c.notNull())
		.addCheckConstraint('availability_weekly_weekday', sql`weekday between 1 and 7`)
		.addCheckConstraint('availability_weekly_order', sql`start_time < end_time`)
		.execute();

	// One date changed: closed all day (no times), closed for some hours, or open for extra hours.
	await db.schema
		.createTable('availability_exception')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('start_time', 'text')
		.addColumn('end_time', 'text')
		.addColumn('note', 'text')
		.addCheckConstraint('availability_exception_kind', sql`kind in ('closed', 'open')`)
		.addCheckConstraint(
			'availability_exception_times',
			sql`(start_time is null and end_time is null and kind = 'closed') or (start_time is not null and end_time is not null and start_time < end_time)`
		)
		.execute();
	await db.schema
		.createIndex('availability_exception_date')
		.on('availability_exception')
		.column('date')
		.execute();

	// Where the practitioner may work with people: a country (ISO 3166-1 alpha-2), or one region of
	// it (ISO 3166-2 subdivision without the country prefix, e.g. US + NY). region '' = all of it.
	await db.schema
		.createTable('booking_licensed_place')
		.addColumn('country', 'text', (c) => c.notNull())
		.addColumn('region', 'text', (c) => c.notNull().defaultTo(''))
		.addPrimaryKeyConstraint('booking_licensed_place_pk', ['country', 'region'])
		.execute();

	await db.schema
		.createTable('booking')
		.addColumn('id', 'text', (c) => c.primaryKey())
		// Always 1 today; the overlap rule is per practitioner's diary, ready for more than one.
		.addColumn('practice_id', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('start_at', 'text', (c) => c.notNull())
		.addColumn('end_at', 'text', (c) => c.notNull())
		// The consultation with the buffers it was booked under: the time no other booking may touch.
		.addColumn('blocked_start', 'text', (c) => c.notNull())
		.addColumn('blocked_end', 'text', (c) => c.notNull())
		.addColumn('time_zone', 'text', (c) => c.notNull())
		.addColumn('visitor_time_zone', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('phone', 'text')
		.addColumn('preferred_contact', 'text', (c) => c.notNull())
		.addColumn('location_country', 'text', (c) => c.notNull())
		.addColumn('location_region', 'text')
		// AES-256-GCM of {topic, answers} as JSON, bound to this row's id; null when nothing was written.
		.addColumn('intake_ciphertext', 'text')
		.addColumn('consent_notice_version', 'text', (c) => c.notNull())
		.addColumn('consented_at', 'text', (c) => c.notNull())
		.addColumn('idempotency_key', 'text', (c) => c.notNull())
		.addColumn('manage_token_hash', 'text', (c) => c.notNull())
		// iCalendar SEQUENCE: rises with every change the visitor's calendar must follow.
		.addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('cancelled_at', 'text')
		.addColumn('cancelled_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addCheckConstraint(
			'booking_status_known',
			sql`status in ('confirmed', 'cancelled', 'no-show')`
		)
		.addCheckConstraint('booking_contact_known', sql`preferred_contact in ('email', 'phone')`)
		.addCheckConstraint(
			'booking_cancelled_by_known',
			sql`cancelled_by is null or cancelled_by in ('visitor', 'practitioner')`
		)
		.addCheckConstraint(
			'booking_times_iso',
			sql`${iso('start_at')} and ${iso('end_at')} and ${iso('blocked_start')} and ${iso('blocked_end')}`
		)
		.addCheckConstraint(
			'booking_times_order',
			sql`start_at < end_at and blocked_start <= start_at and end_at <= blocked_end`
		)
		.execute();
	await db.schema
		.createIndex('booking_idempotency_key_unique')
		.on('booking')
		.column('idempotency_key')
		.unique()
		.execute();
	await db.schema
		.createIndex('booking_manage_token_hash_unique')
		.on('booking')
		.column('manage_token_hash')
		.unique()
		.execute();
	// The diary by time, and "how many upcoming consultations has this address".
	await db.schema
		.createIndex('booking_status_start_at')
		.on('booking')
		.columns(['status', 'start_at'])
		.execute();
	await db.schema
		.createIndex('booking_email_start_at')
		.on('booking')
		.columns(['email', 'start_at'])
		.execute();

	if (postgres) {
		// The guard on PostgreSQL: no two live bookings of one diary may share any instant of their
		// blocked time. btree_gist lets the integer practice_id sit in the same GiST index as the
		// range. It is installed in public so that it outlives any one schema (tests use many).
		await sql`create extension if not exists btree_gist with schema public`.execute(db);
		// Text to timestamptz is only "stable" in PostgreSQL's eyes (it depends on settings for
		// ambiguous input). The check constraint above admits only full ISO 8601 UTC with a Z,
		// which reads the same under every setting, so declaring this wrapper immutable is true.
		await sql`
			create function steady_utc(value text) returns timestamptz
			language sql immutable strict parallel safe
			as $$ select value::timestamptz $$
		`.execute(db);
		await sql`
			alter table booking add constraint booking_no_overlap exclude using gist (
				practice_id with =,
				tstzrange(steady_utc(blocked_start), steady_utc(blocked_end), '[)') with &&
			) where (status <> 'cancelled')
		`.execute(db);
	} else {
		// The guard on SQLite: a booking claims every five-minute cell its blocked time touches; the
		// primary key refuses a cell claimed twice. Cancelling deletes the cells.
		await db.schema
			.createTable('booking_cell')
			.addColumn('practice_id', 'integer', (c) => c.notNull())
			// Minutes since 1970-01-01 UTC divided by five.
			.addColumn('cell', 'integer', (c) => c.notNull())
			.addColumn('booking_id', 'text', (c) =>
				c.notNull().references('booking.id').onDelete('cascade')
			)
			.addPrimaryKeyConstraint('booking_cell_pk', ['practice_id', 'cell'])
			.execute();
		await db.schema
			.createIndex('booking_cell_booking_id')
			.on('booking_cell')
			.column('booking_id')
			.execute();
	}

	// Reminder e-mails waiting in the outbox for a booking, so that a change or a cancellation can
	// withdraw the ones not yet sent.
	await db.schema
		.createTable('booking_reminder')
		.addColumn('mail_id', 'text', (c) => c.primaryKey())
		.addColumn('booking_id', 'text', (c) =>
			c.notNull().references('booking.id').onDelete('cascade')
		)
		.addColumn('send_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('booking_reminder_booking_id')
		.on('booking_reminder')
		.column('booking_id')
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	const postgres = dialectOf(db) === 'postgres';
	await db.schema.dropTable('booking_reminder').execute();
	if (!postgres) await db.schema.dropTable('booking_cell').execute();
	await db.schema.dropTable('booking').execute();
	if (postgres) await sql`drop function steady_utc(text)`.execute(db);
	for (const table of [
		'booking_licensed_place',
		'availability_exception',
		'availability_weekly',
		'booking_settings'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
