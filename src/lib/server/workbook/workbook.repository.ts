import type { Kysely, Selectable } from 'kysely';
import type {
	DB,
	WorkbookBeliefRatingTable,
	WorkbookBeliefTable,
	WorkbookDraftTable,
	WorkbookMomentTable
} from '../db/schema';

/**
 * All SQL for the workbook. Every query names the owner, so a row of one member can never be read,
 * changed or deleted through another's id. The values are already sealed: nothing here sees what
 * a member wrote.
 */

export type MomentRow = Selectable<WorkbookMomentTable>;
export type DraftRow = Selectable<WorkbookDraftTable>;
export type BeliefRow = Selectable<WorkbookBeliefTable>;
export type RatingRow = Selectable<WorkbookBeliefRatingTable>;

export type SealedMoment = Omit<MomentRow, 'id' | 'user_id' | 'created_at' | 'updated_at'>;
export type SealedBelief = Omit<BeliefRow, 'id' | 'user_id' | 'created_at' | 'updated_at'>;

/** The sealed columns of each workbook table: what `npm run keys:rotate` re-seals. */
export const sealedColumns = {
	workbook_moment: [
		'what_happened',
		'happened_picks',
		'people',
		'feelings',
		'beliefs',
		'urges',
		'what_i_did',
		'what_helped',
		'intensity_now',
		'waited_out'
	],
	workbook_draft: ['content'],
	workbook_belief: [
		'statement',
		'strength',
		'origins',
		'evidence_for',
		'evidence_against',
		'alternative',
		'alternative_strength'
	],
	workbook_belief_rating: ['strength', 'alternative_strength'],
	workbook_checkin: ['answers', 'score'],
	workbook_practice_week: ['practices'],
	workbook_practice_entry: ['practice', 'answers'],
	workbook_win: ['kind', 'note', 'happened_on'],
	workbook_self_check: ['answers'],
	workbook_summary: ['title', 'content']
} as const satisfies Record<string, readonly string[]>;

export type SealedTable = keyof typeof sealedColumns;

export function createWorkbookRepository(db: Kysely<DB>) {
	return {
		// Moments
		async insertMoment(row: MomentRow): Promise<void> {
			await db.insertInto('workbook_moment').values(row).execute();
		},
		listMoments(userId: string): Promise<MomentRow[]> {
			return db
				.selectFrom('workbook_moment')
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('created_at', 'desc')
				.orderBy('id', 'desc')
				.execute();
		},
		/** Only the beliefs column of each moment, for counting where a belief fired. */
		listMomentBeliefs(userId: string): Promise<Pick<MomentRow, 'id' | 'created_at' | 'beliefs'>[]> {
			return db
				.selectFrom('workbook_moment')
				.select(['id', 'created_at', 'beliefs'])
				.where('user_id', '=', userId)
				.orderBy('created_at', 'desc')
				.execute();
		},
		findMoment(userId: string, id: string): Promise<MomentRow | undefined> {
			return db
				.selectFrom('workbook_moment')
				.selectAll()
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
		},
		async updateMoment(
			userId: string,
			id: string,
			values: SealedMoment,
			updatedAt: string
		): Promise<boolean> {
			const result = await db
				.updateTable('workbook_moment')
				.set({ ...values, updated_at: updatedAt })
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async deleteMoment(userId: string, id: string): Promise<boolean> {
			const result = await db
				.deleteFrom('workbook_moment')
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		},

		// Drafts
		async insertDraft(row: DraftRow): Promise<void> {
			await db.insertInto('workbook_draft').values(row).execute();
		},
		findDraft(userId: string, id: string): Promise<DraftRow | undefined> {
			return db
				.selectFrom('workbook_draft')
				.selectAll()
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
		},
		listDrafts(userId: string): Promise<DraftRow[]> {
			return db
				.selectFrom('workbook_draft')
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('updated_at', 'desc')
				.execute();
		},
		async updateDraft(
			userId: string,
			id: string,
			content: string,
			updatedAt: string
		): Promise<boolean> {
			const result = await db
				.updateTable('workbook_draft')
				.set({ content, updated_at: updatedAt })
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},
		async deleteDraft(userId: string, id: string): Promise<void> {
			await db
				.deleteFrom('workbook_draft')
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.execute();
		},
		/** Saves a finished draft as a moment and removes the draft, together. */
		async finishDraft(
			userId: string,
			draftId: string,
			moment: { insert?: MomentRow; update?: { id: string; values: SealedMoment; at: string } }
		): Promise<void> {
			await db.transaction().execute(async (trx) => {
				if (moment.insert) await trx.insertInto('workbook_moment').values(moment.insert).execute();
				if (moment.update) {
					await trx
						.updateTable('workbook_moment')
						.set({ ...moment.update.values, updated_at: moment.update.at })
						.where('user_id', '=', userId)
						.where('id', '=', moment.update.id)
						.execute();
				}
				await trx
					.deleteFrom('workbook_draft')
					.where('user_id', '=', userId)
					.where('id', '=', draftId)
					.execute();
			});
		},

		// Beliefs
		async insertBelief(row: BeliefRow, rating: RatingRow): Promise<void> {
			await db.transaction().execute(async (trx) => {
				await trx.insertInto('workbook_belief').values(row).execute();
				await trx.insertInto('workbook_belief_rating').values(rating).execute();
			});
		},
		listBeliefs(userId: string): Promise<BeliefRow[]> {
			return db
				.selectFrom('workbook_belief')
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('created_at', 'asc')
				.orderBy('id', 'asc')
				.execute();
		},
		findBelief(userId: string, id: string): Promise<BeliefRow | undefined> {
			return db
				.selectFrom('workbook_belief')
				.selectAll()
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
		},
		/** Changes a belief; a new rating (when given) is kept in its history in the same step. */
		async updateBelief(
			userId: string,
			id: string,
			values: Partial<SealedBelief>,
			updatedAt: string,
			rating?: RatingRow
		): Promise<boolean> {
			return db.transaction().execute(async (trx) => {
				const result = await trx
					.updateTable('workbook_belief')
					.set({ ...values, updated_at: updatedAt })
					.where('user_id', '=', userId)
					.where('id', '=', id)
					.executeTakeFirst();
				if (Number(result.numUpdatedRows) !== 1) return false;
				if (rating) await trx.insertInto('workbook_belief_rating').values(rating).execute();
				return true;
			});
		},
		async deleteBelief(userId: string, id: string): Promise<boolean> {
			const result = await db
				.deleteFrom('workbook_belief')
				.where('user_id', '=', userId)
				.where('id', '=', id)
				.executeTakeFirst();
			return Number(result.numDeletedRows) === 1;
		},
		listRatings(userId: string, beliefId?: string): Promise<RatingRow[]> {
			let query = db.selectFrom('workbook_belief_rating').selectAll().where('user_id', '=', userId);
			if (beliefId) query = query.where('belief_id', '=', beliefId);
			return query.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
		},

		// Key rotation: pages through a table by id, and replaces one sealed value only if it is
		// still the one that was read (a member saving at the same moment wins).
		async pageOfSealed(
			table: SealedTable,
			afterId: string,
			limit: number
		): Promise<Record<string, string | null>[]> {
			const columns = ['id', ...sealedColumns[table]];
			const rows = await db
				.selectFrom(table)
				.select(columns as never[])
				.where('id', '>', afterId)
				.orderBy('id')
				.limit(limit)
				.execute();
			return rows as unknown as Record<string, string | null>[];
		},
		async replaceSealed(
			table: SealedTable,
			id: string,
			changes: { column: string; from: string; to: string }[]
		): Promise<boolean> {
			if (changes.length === 0) return true;
			let query = db
				.updateTable(table)
				.set(Object.fromEntries(changes.map((c) => [c.column, c.to])) as never)
				.where('id', '=', id);
			for (const change of changes) {
				query = query.where(change.column as never, '=', change.from as never);
			}
			const result = await query.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		}
	};
}

export type WorkbookRepository = ReturnType<typeof createWorkbookRepository>;
