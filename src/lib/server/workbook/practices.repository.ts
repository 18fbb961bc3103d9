import type { Kysely, Selectable } from 'kysely';
import type { DB, WorkbookPracticeEntryTable, WorkbookPracticeWeekTable } from '../db/schema';

/**
 * All SQL for the practices: the ones a member chose for a week, and what they wrote in them.
 * Every query names the owner; the values are already sealed, so nothing here sees what a member
 * chose or wrote. In clear are only the week's Monday (one row per member and week) and instants.
 */

export type PracticeWeekRow = Selectable<WorkbookPracticeWeekTable>;
export type PracticeEntryRow = Selectable<WorkbookPracticeEntryTable>;

export function createPracticesRepository(db: Kysely<DB>) {
	return {
		// The week's choice
		findWeek(userId: string, week: string): Promise<PracticeWeekRow | undefined> {
			return db
				.selectFrom('workbook_practice_week')
				.selectAll()
				.where('user_id', '=', userId)
				.where('week', '=', week)
				.executeTakeFirst();
		},
		/** Newest week first. */
		listWeeks(userId: string): Promise<PracticeWeekRow[]> {
			return db
				.selectFrom('workbook_practice_week')
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('week', 'desc')
				.execute();
		},
		async insertWeek(row: PracticeWeekRow): Promise<void> {
			await db.insertInto('workbook_practice_week').values(row).execute();
		},
		async updateWeek(
			userId: string,
			id: string,
			practices: string,
			updatedAt: string
		): Promise<boolean> {
			const result = await db
				.updateTable('workbook_practice_week')
				.set({ practices, updated_at: updatedAt })
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async deleteWeek(userId: string, week: string): Promise<void> {
			await db
				.deleteFrom('workbook_practice_week')
				.where('user_id', '=', userId)
				.where('week', '=', week)
				.execute();
		},

		// Entries
		async insertEntry(row: PracticeEntryRow): Promise<void> {
			await db.insertInto('workbook_practice_entry').values(row).execute();
		},
		/** Newest first. */
		listEntries(userId: string): Promise<PracticeEntryRow[]> {
			return db
				.selectFrom('workbook_practice_entry')
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('created_at', 'desc')
				.orderBy('id', 'desc')
				.execute();
		},
		findEntry(userId: string, id: string): Promise<PracticeEntryRow | undefined> {
			return db
				.selectFrom('workbook_practice_entry')
				.selectAll()
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
		},
		async updateEntry(
			userId: string,
			id: string,
			answers: string,
			updatedAt: string
		): Promise<boolean> {
			const result = await db
				.updateTable('workbook_practice_entry')
				.set({ answers, updated_at: updatedAt })
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async deleteEntry(userId: string, id: string): Promise<boolean> {
			const result = await db
				.deleteFrom('workbook_practice_entry')
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		}
	};
}

export type PracticesRepository = ReturnType<typeof createPracticesRepository>;
