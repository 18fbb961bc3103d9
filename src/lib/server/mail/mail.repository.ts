import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DatabaseKind } from '../db/database';
import type { DB, MailOutboxTable, MailStatus } from '../db/schema';

export type MailRow = Selectable<MailOutboxTable>;
export type NewMailRow = Insertable<MailOutboxTable>;

/** What the practitioner's outbox list shows; bodies are read one message at a time. */
export type MailSummary = Pick<
	MailRow,
	| 'id'
	| 'message_id'
	| 'kind'
	| 'to_address'
	| 'subject'
	| 'status'
	| 'attempts'
	| 'next_attempt_at'
	| 'last_error'
	| 'created_at'
	| 'sent_at'
>;

export const mailStatuses: readonly MailStatus[] = ['pending', 'sent', 'kept', 'failed'];

export interface ClaimRequest {
	/** ISO instant: rows due at or before it are taken. */
	now: string;
	/** ISO instant until which the claimed rows belong to the caller. */
	until: string;
	limit: number;
}

type Claim = (db: Kysely<DB>, request: ClaimRequest) => Promise<MailRow[]>;

// PostgreSQL: rows another process has locked are skipped, not waited for, so every process can
// run the same worker; the claim is written before the lock is released at commit.
const claimOnPostgres: Claim = (db, { now, until, limit }) =>
	db.transaction().execute(async (trx) => {
		const due = await trx
			.selectFrom('mail_outbox')
			.select('id')
			.where('status', '=', 'pending')
			.where('next_attempt_at', '<=', now)
			.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
			.orderBy('next_attempt_at')
			.orderBy('id')
			.limit(limit)
			.forUpdate()
			.skipLocked()
			.execute();
		if (due.length === 0) return [];
		return trx
			.updateTable('mail_outbox')
			.set({ claimed_until: until })
			.where(
				'id',
				'in',
				due.map((r) => r.id)
			)
			.returningAll()
			.execute();
	});

// SQLite: one writer at a time, and an UPDATE takes the write lock before it reads, so choosing
// and marking the rows in one statement is enough for any number of connections or processes.
const claimOnSqlite: Claim = (db, { now, until, limit }) =>
	db
		.updateTable('mail_outbox')
		.set({ claimed_until: until })
		.where(
			'id',
			'in',
			db
				.selectFrom('mail_outbox')
				.select('id')
				.where('status', '=', 'pending')
				.where('next_attempt_at', '<=', now)
				.where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
				.orderBy('next_attempt_at')
				.orderBy('id')
				.limit(limit)
		)
		.returningAll()
		.execute();

const claims: Record<DatabaseKind, Claim> = { postgres: claimOnPostgres, sqlite: claimOnSqlite };

export function createMailRepository(db: Kysely<DB>, kind: DatabaseKind) {
	const claim = claims[kind];

	return {
		/**
		 * Writes one message. Pass a transaction as `executor` to make the message part of it: it is
		 * then sent only if that transaction commits.
		 */
		async insert(row: NewMailRow, executor: Kysely<DB> = db): Promise<void> {
			await executor.insertInto('mail_outbox').values(row).execute();
		},

		/** Deletes the given messages that are still waiting (pending or kept); returns how many. */
		async deleteUnsent(ids: readonly string[], executor: Kysely<DB> = db): Promise<number> {
			if (ids.length === 0) return 0;
			const result = await executor
				.deleteFrom('mail_outbox')
				.where('id', 'in', [...ids])
				.where('status', 'in', ['pending', 'kept'])
				.executeTakeFirst();
			return Number(result.numDeletedRows);
		},

		/** Takes up to `limit` due pending messages for the caller until `until`, oldest due first. */
		async claimDue(request: ClaimRequest): Promise<MailRow[]> {
			const rows = await claim(db, request);
			// RETURNING does not promise an order.
			return rows.sort(
				(a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id.localeCompare(b.id)
			);
		},

		/** Whether a message is still waiting to be sent (not withdrawn, sent or given up). */
		async isPending(id: string): Promise<boolean> {
			const row = await db
				.selectFrom('mail_outbox')
				.select('id')
				.where('id', '=', id)
				.where('status', '=', 'pending')
				.executeTakeFirst();
			return row !== undefined;
		},

		async markSent(id: string, update: { sentAt: string; attempts: number }): Promise<void> {
			await db
				.updateTable('mail_outbox')
				.set({
					status: 'sent',
					sent_at: update.sentAt,
					attempts: update.attempts,
					claimed_until: null,
					last_error: null
				})
				.where('id', '=', id)
				.execute();
		},

		/** Records a failed attempt and when to try again. */
		async markRetry(
			id: string,
			update: { attempts: number; nextAttemptAt: string; error: string }
		): Promise<void> {
			await db
				.updateTable('mail_outbox')
				.set({
					attempts: update.attempts,
					next_attempt_at: update.nextAttemptAt,
					last_error: update.error,
					claimed_until: null
				})
				// A copy that outlived its claim must not pull back a message another worker sent.
				.where('id', '=', id)
				.where('status', '=', 'pending')
				.execute();
		},

		/** Gives up on a message; it stays in the outbox for the practitioner to see. */
		async markFailed(id: string, update: { attempts: number; error: string }): Promise<void> {
			await db
				.updateTable('mail_outbox')
				.set({
					status: 'failed',
					attempts: update.attempts,
					last_error: update.error,
					claimed_until: null
				})
				.where('id', '=', id)
				.where('status', '=', 'pending')
				.execute();
		},

		findById(id: string): Promise<MailRow | undefined> {
			return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
		},

		/** Newest first; `offset` pages through older ones. */
		listRecent(options: {
			limit: number;
			offset?: number;
			status?: MailStatus;
		}): Promise<MailSummary[]> {
			let query = db
				.selectFrom('mail_outbox')
				.select([
					'id',
					'message_id',
					'kind',
					'to_address',
					'subject',
					'status',
					'attempts',
					'next_attempt_at',
					'last_error',
					'created_at',
					'sent_at'
				])
				.orderBy('created_at', 'desc')
				.orderBy('id', 'desc')
				.limit(options.limit)
				.offset(options.offset ?? 0);
			if (options.status) query = query.where('status', '=', options.status);
			return query.execute();
		},

		/** Every status with its count, zero included. */
		async countByStatus(): Promise<Record<MailStatus, number>> {
			const rows = await db
				.selectFrom('mail_outbox')
				.select(['status', sql<number>`count(*)`.as('count')])
				.groupBy('status')
				.execute();
			const counts = Object.fromEntries(mailStatuses.map((s) => [s, 0])) as Record<
				MailStatus,
				number
			>;
			for (const row of rows) counts[row.status] = Number(row.count);
			return counts;
		}
	};
}

export type MailRepository = ReturnType<typeof createMailRepository>;
