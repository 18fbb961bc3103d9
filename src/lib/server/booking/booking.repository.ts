import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DatabaseKind } from '../db/database';
import type { BookingSettingsTable, BookingTable, DB } from '../db/schema';

export type BookingRow = Selectable<BookingTable>;
export type NewBookingRow = Insertable<BookingTable>;
export type BookingSettingsRow = Selectable<BookingSettingsTable>;

/** A cell is five minutes; a booking holds every cell its blocked time touches. */
export const cellMs = 5 * 60_000;

export function cellsOf(blockedStart: string, blockedEnd: string): number[] {
	const first = Math.floor(Date.parse(blockedStart) / cellMs);
	const last = Math.ceil(Date.parse(blockedEnd) / cellMs);
	const cells: number[] = [];
	for (let cell = first; cell < last; cell++) cells.push(cell);
	return cells;
}

/** Why the database refused a write, when it is one of the refusals booking expects. */
export type Refusal = 'time-taken' | 'duplicate-key' | null;

/** Reads a constraint error from either database into what it means for a booking. */
export function refusalOf(error: unknown): Refusal {
	const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
	const message = typeof e.message === 'string' ? e.message : '';
	// PostgreSQL: 23P01 is an exclusion violation; 23505 a unique one, named by its index.
	if (e.code === '23P01') return 'time-taken';
	if (e.code === '23505') {
		return e.constraint === 'booking_idempotency_key_unique' ? 'duplicate-key' : null;
	}
	// SQLite names the columns: the cells' primary key, or the idempotency key's unique index.
	if (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) {
		if (message.includes('booking_cell.')) return 'time-taken';
		if (message.includes('booking.idempotency_key')) return 'duplicate-key';
	}
	return null;
}

type Write = <T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>) => Promise<T>;

// SQLite: BEGIN IMMEDIATE takes the write lock before the first read, so two processes checking
// the same time never both read "free" and then fail on commit with SQLITE_BUSY; the second waits
// (busy_timeout) and then reads the first's booking.
const writeOnSqlite: Write = (db, work) =>
	db.connection().execute(async (connection) => {
		await sql`begin immediate`.execute(connection);
		try {
			const result = await work(connection);
			await sql`commit`.execute(connection);
			return result;
		} catch (error) {
			await sql`rollback`.execute(connection);
			throw error;
		}
	});

// Two transactions inserting overlapping bookings at the same moment can each find the other's
// row in the exclusion index and wait for it; PostgreSQL then ends one of them with a deadlock
// (40P01). Nothing of that one was written, so it runs again, and then sees the other's booking.
const retriedOnPostgres = new Set(['40P01', '40001']);
const postgresAttempts = 5;

const writeOnPostgres: Write = async (db, work) => {
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction().execute(work);
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			if (attempt >= postgresAttempts || typeof code !== 'string' || !retriedOnPostgres.has(code)) {
				throw error;
			}
			await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
		}
	}
};

// Where the two databases keep the guard (docs/decisions/003): SQLite in cells, PostgreSQL in an
// exclusion constraint on the booking row itself, which needs nothing written beside it.
type Claim = (
	trx: Kysely<DB>,
	booking: Pick<BookingRow, 'id' | 'blocked_start' | 'blocked_end'>
) => Promise<void>;

const claimOnSqlite: Claim = async (trx, booking) => {
	await trx
		.insertInto('booking_cell')
		.values(
			cellsOf(booking.blocked_start, booking.blocked_end).map((cell) => ({
				practice_id: 1,
				cell,
				booking_id: booking.id
			}))
		)
		.execute();
};

const releaseOnSqlite = async (trx: Kysely<DB>, bookingId: string) => {
	await trx.deleteFrom('booking_cell').where('booking_id', '=', bookingId).execute();
};

export function createBookingRepository(db: Kysely<DB>, kind: DatabaseKind) {
	const write = kind === 'sqlite' ? writeOnSqlite : writeOnPostgres;
	const claim: Claim = kind === 'sqlite' ? claimOnSqlite : async () => {};
	const release = kind === 'sqlite' ? releaseOnSqlite : async () => {};

	return {
		/** Runs `work` in one write transaction; everything it does commits together or not at all. */
		write<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
			return write(db, work);
		},

		findSettings(executor: Kysely<DB> = db) {
			return executor
				.selectFrom('booking_settings')
				.selectAll()
				.where('id', '=', 1)
				.executeTakeFirst();
		},

		/** Creates the settings row and the default hours on a fresh database; true if it did. */
		async createDefaults(
			settings: Insertable<BookingSettingsTable>,
			weekly: { id: string; weekday: number; start_time: string; end_time: string }[],
			licensed: { country: string; region: string }[]
		): Promise<boolean> {
			return write(db, async (trx) => {
				const inserted = await trx
					.insertInto('booking_settings')
					.values(settings)
					.onConflict((oc) => oc.column('id').doNothing())
					.executeTakeFirst();
				if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
				if (weekly.length > 0) await trx.insertInto('availability_weekly').values(weekly).execute();
				if (licensed.length > 0) {
					await trx
						.insertInto('booking_licensed_place')
						.values(licensed)
						.onConflict((oc) => oc.columns(['country', 'region']).doNothing())
						.execute();
				}
				return true;
			});
		},

		listWeekly(executor: Kysely<DB> = db) {
			return executor
				.selectFrom('availability_weekly')
				.selectAll()
				.orderBy('weekday')
				.orderBy('start_time')
				.execute();
		},

		/** Exceptions on dates from `fromDate` to `toDate` inclusive ("YYYY-MM-DD"). */
		listExceptions(fromDate: string, toDate: string, executor: Kysely<DB> = db) {
			return executor
				.selectFrom('availability_exception')
				.selectAll()
				.where('date', '>=', fromDate)
				.where('date', '<=', toDate)
				.orderBy('date')
				.execute();
		},

		listLicensedPlaces(executor: Kysely<DB> = db) {
			return executor
				.selectFrom('booking_licensed_place')
				.selectAll()
				.orderBy('country')
				.orderBy('region')
				.execute();
		},

		/** Live (not cancelled) bookings whose blocked time meets [from, to). */
		listLiveBetween(from: string, to: string, executor: Kysely<DB> = db) {
			return executor
				.selectFrom('booking')
				.select(['id', 'start_at', 'end_at', 'blocked_start', 'blocked_end'])
				.where('status', '<>', 'cancelled')
				.where('blocked_start', '<', to)
				.where('blocked_end', '>', from)
				.orderBy('blocked_start')
				.execute();
		},

		findById(id: string, executor: Kysely<DB> = db) {
			return executor.selectFrom('booking').selectAll().where('id', '=', id).executeTakeFirst();
		},

		findByIdempotencyKey(key: string, executor: Kysely<DB> = db) {
			return executor
				.selectFrom('booking')
				.selectAll()
				.where('idempotency_key', '=', key)
				.executeTakeFirst();
		},

		findByTokenHash(hash: string, executor: Kysely<DB> = db) {
			return executor
				.selectFrom('booking')
				.selectAll()
				.where('manage_token_hash', '=', hash)
				.executeTakeFirst();
		},

		/** Confirmed consultations for an address that have not started yet. */
		async countUpcomingFor(email: string, now: string, executor: Kysely<DB> = db): Promise<number> {
			const row = await executor
				.selectFrom('booking')
				.select(sql<number>`count(*)`.as('count'))
				.where('email', '=', email)
				.where('status', '=', 'confirmed')
				.where('start_at', '>', now)
				.executeTakeFirstOrThrow();
			return Number(row.count);
		},

		async insert(trx: Kysely<DB>, row: NewBookingRow): Promise<void> {
			await trx.insertInto('booking').values(row).execute();
			await claim(trx, row);
		},

		/** Moves a live booking to a new time, releasing and claiming its time again. */
		async move(
			trx: Kysely<DB>,
			id: string,
			change: Pick<
				BookingRow,
				'start_at' | 'end_at' | 'blocked_start' | 'blocked_end' | 'updated_at'
			>
		): Promise<void> {
			await release(trx, id);
			await trx
				.updateTable('booking')
				.set({ ...change, sequence: sql<number>`sequence + 1` })
				.where('id', '=', id)
				.execute();
			await claim(trx, {
				id,
				blocked_start: change.blocked_start,
				blocked_end: change.blocked_end
			});
		},

		async cancel(
			trx: Kysely<DB>,
			id: string,
			change: { at: string; by: 'visitor' | 'practitioner' }
		) {
			await release(trx, id);
			await trx
				.updateTable('booking')
				.set({
					status: 'cancelled',
					cancelled_at: change.at,
					cancelled_by: change.by,
					updated_at: change.at,
					sequence: sql<number>`sequence + 1`
				})
				.where('id', '=', id)
				.execute();
		},

		addReminders(
			trx: Kysely<DB>,
			rows: { mail_id: string; booking_id: string; send_at: string }[]
		) {
			if (rows.length === 0) return Promise.resolve();
			return trx
				.insertInto('booking_reminder')
				.values(rows)
				.execute()
				.then(() => undefined);
		},

		/** Forgets a booking's reminders; returns their mail ids so the outbox can withdraw them. */
		async takeReminders(trx: Kysely<DB>, bookingId: string): Promise<string[]> {
			const rows = await trx
				.selectFrom('booking_reminder')
				.select('mail_id')
				.where('booking_id', '=', bookingId)
				.execute();
			await trx.deleteFrom('booking_reminder').where('booking_id', '=', bookingId).execute();
			return rows.map((r) => r.mail_id);
		},

		/**
		 * The practitioner's list: consultations not yet over (soonest first) or over (latest first),
		 * optionally of one status.
		 */
		listForPractitioner(options: {
			now: string;
			when: 'upcoming' | 'past';
			status: BookingRow['status'] | null;
			limit: number;
		}) {
			let query = db
				.selectFrom('booking')
				.selectAll()
				.limit(options.limit)
				.orderBy('start_at', options.when === 'upcoming' ? 'asc' : 'desc');
			query =
				options.when === 'upcoming'
					? query.where('end_at', '>', options.now)
					: query.where('end_at', '<=', options.now);
			if (options.status) query = query.where('status', '=', options.status);
			return query.execute();
		},

		/** Live consultations (not cancelled) starting at `from` or later, for the calendar feed. */
		listForFeed(from: string, limit: number) {
			return db
				.selectFrom('booking')
				.select(['id', 'start_at', 'end_at', 'status', 'name', 'sequence', 'updated_at'])
				.where('status', '<>', 'cancelled')
				.where('start_at', '>=', from)
				.orderBy('start_at')
				.limit(limit)
				.execute();
		},

		/** Marks a consultation that has happened (or not); the time stays held either way. */
		async setOutcome(
			trx: Kysely<DB>,
			id: string,
			change: { status: 'confirmed' | 'no-show'; at: string }
		): Promise<void> {
			await trx
				.updateTable('booking')
				.set({ status: change.status, updated_at: change.at })
				.where('id', '=', id)
				.execute();
		},

		async setFeedTokenHash(hash: string | null, at: string): Promise<void> {
			await db
				.updateTable('booking_settings')
				.set({ calendar_feed_token_hash: hash, updated_at: at })
				.where('id', '=', 1)
				.execute();
		},

		async feedTokenHashExists(hash: string): Promise<boolean> {
			const row = await db
				.selectFrom('booking_settings')
				.select('id')
				.where('calendar_feed_token_hash', '=', hash)
				.executeTakeFirst();
			return row !== undefined;
		},

		listReminders(bookingId: string) {
			return db
				.selectFrom('booking_reminder')
				.selectAll()
				.where('booking_id', '=', bookingId)
				.orderBy('send_at')
				.execute();
		}
	};
}

export type BookingRepository = ReturnType<typeof createBookingRepository>;
