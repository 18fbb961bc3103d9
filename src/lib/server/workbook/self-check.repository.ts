import type { Kysely, Selectable } from 'kysely';
import type { DB, WorkbookSelfCheckTable } from '../db/schema';

/**
 * All SQL for the self-checks a member kept. Every query names the owner; the answers arrive and
 * leave sealed, so nothing here sees what a member chose.
 */

export type SelfCheckRow = Selectable<WorkbookSelfCheckTable>;

export function createSelfCheckRepository(db: Kysely<DB>) {
	return {
		async insert(row: SelfCheckRow): Promise<void> {
			await db.insertInto('workbook_self_check').values(row).execute();
		},
		/** Newest first. */
		list(userId: string): Promise<SelfCheckRow[]> {
			return db
				.selectFrom('workbook_self_check')
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('created_at', 'desc')
				.orderBy('id', 'desc')
				.execute();
		},
		find(userId: string, id: string): Promise<SelfCheckRow | undefined> {
			return db
				.selectFrom('workbook_self_check')
				.selectAll()
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
		},
		async remove(userId: string, id: string): Promise<boolean> {
			const result = await db
				.deleteFrom('workbook_self_check')
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		}
	};
}

export type SelfCheckRepository = ReturnType<typeof createSelfCheckRepository>;
