import type { Kysely, Selectable } from 'kysely';
import type { DB, WorkbookWinTable } from '../db/schema';

/**
 * All SQL for quiet wins. Every query names the owner. Kind, note and day are sealed, so the
 * order by day is made after opening (docs/decisions/005); here rows come newest written first.
 */

export type WinRow = Selectable<WorkbookWinTable>;
export type SealedWin = Pick<WinRow, 'kind' | 'note' | 'happened_on'>;

export function createWinsRepository(db: Kysely<DB>) {
	return {
		async insertWin(row: WinRow): Promise<void> {
			await db.insertInto('workbook_win').values(row).execute();
		},
		listWins(userId: string): Promise<WinRow[]> {
			return db
				.selectFrom('workbook_win')
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('created_at', 'desc')
				.orderBy('id', 'desc')
				.execute();
		},
		findWin(userId: string, id: string): Promise<WinRow | undefined> {
			return db
				.selectFrom('workbook_win')
				.selectAll()
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
		},
		async updateWin(
			userId: string,
			id: string,
			values: SealedWin,
			updatedAt: string
		): Promise<boolean> {
			const result = await db
				.updateTable('workbook_win')
				.set({ ...values, updated_at: updatedAt })
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async deleteWin(userId: string, id: string): Promise<boolean> {
			const result = await db
				.deleteFrom('workbook_win')
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		}
	};
}

export type WinsRepository = ReturnType<typeof createWinsRepository>;
