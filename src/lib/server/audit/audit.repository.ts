import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditLogTable, DB } from '../db/schema';

export type AuditRow = Selectable<AuditLogTable>;
export type NewAuditRow = Insertable<AuditLogTable>;

export function createAuditRepository(db: Kysely<DB>) {
	return {
		/**
		 * Writes one entry. Pass a transaction as `executor` to make the entry part of it, so that a
		 * change and its record are kept or lost together.
		 */
		async insert(row: NewAuditRow, executor: Kysely<DB> = db): Promise<void> {
			await executor.insertInto('audit_log').values(row).execute();
		},

		/** Newest first. */
		listForSubject(subjectUserId: string, options: { limit: number }): Promise<AuditRow[]> {
			return db
				.selectFrom('audit_log')
				.selectAll()
				.where('subject_user_id', '=', subjectUserId)
				.orderBy('at', 'desc')
				.orderBy('id', 'desc')
				.limit(options.limit)
				.execute();
		},

		/** Newest first; `offset` pages through older ones. */
		listRecent(options: { limit: number; offset?: number; action?: string }): Promise<AuditRow[]> {
			let query = db
				.selectFrom('audit_log')
				.selectAll()
				.orderBy('at', 'desc')
				.orderBy('id', 'desc')
				.limit(options.limit)
				.offset(options.offset ?? 0);
			if (options.action) query = query.where('action', '=', options.action);
			return query.execute();
		}
	};
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
