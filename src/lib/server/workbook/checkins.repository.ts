import type { Kysely, Selectable } from 'kysely';
import type { DB, WorkbookCheckinTable } from '../db/schema';

/**
 * All SQL for check-ins. Every query names the owner. The answers and score arrive sealed; in clear
 * are only which questionnaire a row is and when it was completed (null while it is a draft).
 */

export type CheckinRow = Selectable<WorkbookCheckinTable>;

export interface SealedCheckin {
	answers: string;
	score: string;
}

const table = 'workbook_checkin';

export function createCheckinsRepository(db: Kysely<DB>) {
	return {
		/**
		 * Writes the member's draft of one questionnaire: the newest draft is updated, or a new one
		 * started with `newId`. With `completedAt` the draft becomes a completed check-in. `seal`
		 * seals the values for the row's id. Drafts left over from two saves sent at the same moment
		 * are removed, so a member has one draft per questionnaire. Returns the row's id.
		 */
		async writeDraft(input: {
			userId: string;
			instrument: string;
			at: string;
			completedAt: string | null;
			newId: string;
			seal: (id: string) => SealedCheckin;
		}): Promise<string> {
			const { userId, instrument, at, completedAt } = input;
			return db.transaction().execute(async (trx) => {
				const drafts = await trx
					.selectFrom(table)
					.select('id')
					.where('user_id', '=', userId)
					.where('instrument', '=', instrument)
					.where('completed_at', 'is', null)
					.orderBy('updated_at', 'desc')
					.orderBy('id', 'desc')
					.execute();
				const [newest, ...others] = drafts;
				if (others.length > 0) {
					await trx
						.deleteFrom(table)
						.where('user_id', '=', userId)
						.where(
							'id',
							'in',
							others.map((d) => d.id)
						)
						.execute();
				}
				if (newest) {
					await trx
						.updateTable(table)
						.set({ ...input.seal(newest.id), completed_at: completedAt, updated_at: at })
						.where('user_id', '=', userId)
						.where('id', '=', newest.id)
						.execute();
					return newest.id;
				}
				const id = input.newId;
				await trx
					.insertInto(table)
					.values({
						id,
						user_id: userId,
						instrument,
						created_at: at,
						updated_at: at,
						completed_at: completedAt,
						...input.seal(id)
					})
					.execute();
				return id;
			});
		},

		/** The member's newest draft of one questionnaire. */
		findDraft(userId: string, instrument: string): Promise<CheckinRow | undefined> {
			return db
				.selectFrom(table)
				.selectAll()
				.where('user_id', '=', userId)
				.where('instrument', '=', instrument)
				.where('completed_at', 'is', null)
				.orderBy('updated_at', 'desc')
				.orderBy('id', 'desc')
				.executeTakeFirst();
		},

		/** Completed check-ins, oldest first; of one questionnaire when it is named. */
		listCompleted(userId: string, instrument?: string): Promise<CheckinRow[]> {
			let query = db
				.selectFrom(table)
				.selectAll()
				.where('user_id', '=', userId)
				.where('completed_at', 'is not', null);
			if (instrument) query = query.where('instrument', '=', instrument);
			return query.orderBy('completed_at', 'asc').orderBy('id', 'asc').execute();
		},

		/** Every check-in of the member's, drafts too, oldest first. */
		listAll(userId: string): Promise<CheckinRow[]> {
			return db
				.selectFrom(table)
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('created_at', 'asc')
				.orderBy('id', 'asc')
				.execute();
		},

		find(userId: string, id: string): Promise<CheckinRow | undefined> {
			return db
				.selectFrom(table)
				.selectAll()
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
		},

		async remove(userId: string, id: string): Promise<boolean> {
			const result = await db
				.deleteFrom(table)
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		}
	};
}

export type CheckinsRepository = ReturnType<typeof createCheckinsRepository>;
