import type { Kysely, Selectable } from 'kysely';
import type { DB, WorkbookSummaryTable } from '../db/schema';

/**
 * All SQL for summaries a member prepares and may share. A member's queries name the owner; the
 * practice's queries only ever find summaries that are shared now (shared_at set), so a private or
 * taken-back summary cannot be reached from the practice's pages at all. Sealed values pass
 * through unopened.
 */

export type SummaryRow = Selectable<WorkbookSummaryTable>;

/** A summary as the practice's lists need it, with the member's name. */
export type SharedSummaryRow = SummaryRow & { member_name: string };

export function createSummariesRepository(db: Kysely<DB>) {
	const shared = (executor: Kysely<DB>) =>
		executor
			.selectFrom('workbook_summary')
			.innerJoin('user', 'user.id', 'workbook_summary.user_id')
			.selectAll('workbook_summary')
			.select('user.name as member_name')
			.where('workbook_summary.shared_at', 'is not', null);

	return {
		/** Runs `work` in one transaction; pass the executor on to keep an audit entry with it. */
		transaction<T>(work: (executor: Kysely<DB>) => Promise<T>): Promise<T> {
			return db.transaction().execute(work);
		},

		// The member's own summaries

		async insert(row: SummaryRow): Promise<void> {
			await db.insertInto('workbook_summary').values(row).execute();
		},
		list(userId: string): Promise<SummaryRow[]> {
			return db
				.selectFrom('workbook_summary')
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('created_at', 'desc')
				.orderBy('id', 'desc')
				.execute();
		},
		find(userId: string, id: string, executor: Kysely<DB> = db): Promise<SummaryRow | undefined> {
			return executor
				.selectFrom('workbook_summary')
				.selectAll()
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
		},
		async setShared(
			userId: string,
			id: string,
			change: { sharedAt: string; bookingId: string | null; at: string },
			executor: Kysely<DB> = db
		): Promise<boolean> {
			const result = await executor
				.updateTable('workbook_summary')
				.set({
					shared_at: change.sharedAt,
					revoked_at: null,
					booking_id: change.bookingId,
					updated_at: change.at
				})
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async setRevoked(
			userId: string,
			id: string,
			at: string,
			executor: Kysely<DB> = db
		): Promise<boolean> {
			const result = await executor
				.updateTable('workbook_summary')
				.set({ shared_at: null, revoked_at: at, booking_id: null, updated_at: at })
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.where('shared_at', 'is not', null)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		/** Deletes a member's summary; says whether it was shared at that moment, or null if none. */
		async remove(
			userId: string,
			id: string,
			executor: Kysely<DB> = db
		): Promise<{ wasShared: boolean } | null> {
			const row = await executor
				.deleteFrom('workbook_summary')
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.returning('shared_at')
				.executeTakeFirst();
			return row ? { wasShared: row.shared_at !== null } : null;
		},

		// What a summary may be prepared from (sealed; the service opens them)

		latestSelfCheck(userId: string) {
			return db
				.selectFrom('workbook_self_check')
				.select(['id', 'created_at', 'answers'])
				.where('user_id', '=', userId)
				.orderBy('created_at', 'desc')
				.orderBy('id', 'desc')
				.limit(1)
				.executeTakeFirst();
		},
		completedCheckins(userId: string) {
			return db
				.selectFrom('workbook_checkin')
				.select(['id', 'instrument', 'completed_at', 'score'])
				.where('user_id', '=', userId)
				.where('completed_at', 'is not', null)
				.orderBy('completed_at', 'desc')
				.orderBy('id', 'desc')
				.execute();
		},
		/** Only whether each moment's urge was waited out, for an overview. */
		momentsWaitedOut(userId: string, since: string) {
			return db
				.selectFrom('workbook_moment')
				.select(['id', 'created_at', 'waited_out'])
				.where('user_id', '=', userId)
				.where('created_at', '>=', since)
				.execute();
		},
		/** The day of each quiet win (sealed, so every win is read and the service keeps the period's). */
		winDays(userId: string) {
			return db
				.selectFrom('workbook_win')
				.select(['id', 'happened_on'])
				.where('user_id', '=', userId)
				.execute();
		},
		practiceEntryTimes(userId: string, since: string) {
			return db
				.selectFrom('workbook_practice_entry')
				.select(['id', 'created_at'])
				.where('user_id', '=', userId)
				.where('created_at', '>=', since)
				.execute();
		},
		/** Whether the member has finished a check-in, without opening one. */
		async hasCompletedCheckin(userId: string): Promise<boolean> {
			const row = await db
				.selectFrom('workbook_checkin')
				.select('id')
				.where('user_id', '=', userId)
				.where('completed_at', 'is not', null)
				.executeTakeFirst();
			return row !== undefined;
		},

		// Consultations a member booked with the address of their account

		upcomingBookings(email: string, now: string, executor: Kysely<DB> = db) {
			return executor
				.selectFrom('booking')
				.select(['id', 'start_at'])
				.where('email', '=', email)
				.where('status', '=', 'confirmed')
				.where('start_at', '>', now)
				.orderBy('start_at')
				.execute();
		},
		bookingStarts(ids: string[]) {
			if (ids.length === 0) return Promise.resolve([]);
			return db.selectFrom('booking').select(['id', 'start_at']).where('id', 'in', ids).execute();
		},

		// Who at the practice read the member's summaries, and when

		reads(userId: string, limit: number) {
			return db
				.selectFrom('audit_log')
				.leftJoin('user', 'user.id', 'audit_log.actor_user_id')
				.select(['audit_log.id', 'audit_log.at', 'audit_log.target', 'user.name as reader'])
				.where('audit_log.subject_user_id', '=', userId)
				.where('audit_log.action', '=', 'summary.read')
				.orderBy('audit_log.at', 'desc')
				.orderBy('audit_log.id', 'desc')
				.limit(limit)
				.execute();
		},

		// The practice's side: shared summaries only

		async sharingMembers(): Promise<{ userId: string; name: string; count: number }[]> {
			const rows = await db
				.selectFrom('workbook_summary')
				.innerJoin('user', 'user.id', 'workbook_summary.user_id')
				.select(['user.id as userId', 'user.name as name'])
				.select((eb) => eb.fn.countAll<number | string>().as('count'))
				.where('workbook_summary.shared_at', 'is not', null)
				.groupBy(['user.id', 'user.name'])
				.orderBy('user.name')
				.execute();
			return rows.map((r) => ({ userId: r.userId, name: r.name, count: Number(r.count) }));
		},
		sharedBy(userId: string): Promise<SharedSummaryRow[]> {
			return shared(db)
				.where('workbook_summary.user_id', '=', userId)
				.orderBy('workbook_summary.shared_at', 'desc')
				.orderBy('workbook_summary.id', 'desc')
				.execute();
		},
		findShared(
			userId: string,
			id: string,
			executor: Kysely<DB> = db
		): Promise<SharedSummaryRow | undefined> {
			return shared(executor)
				.where('workbook_summary.user_id', '=', userId)
				.where('workbook_summary.id', '=', id)
				.executeTakeFirst();
		},
		sharedForBooking(bookingId: string): Promise<SharedSummaryRow[]> {
			return shared(db)
				.where('workbook_summary.booking_id', '=', bookingId)
				.orderBy('workbook_summary.shared_at', 'desc')
				.execute();
		}
	};
}

export type SummariesRepository = ReturnType<typeof createSummariesRepository>;
