import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

/**
 * The SQL behind the insights page: one query per table, each naming the owner, each limited to
 * the period by the instants kept in clear, and each selecting only the sealed columns a picture
 * needs. What a moment says in words (what happened, what I did, what helped) is never read here.
 */

/** `since` is an ISO instant (or a Monday, for weeks of practices); null reads everything. */
export function createInsightsRepository(db: Kysely<DB>) {
	return {
		moments(userId: string, since: string | null) {
			let query = db
				.selectFrom('workbook_moment')
				.select([
					'id',
					'created_at',
					'feelings',
					'intensity_now',
					'waited_out',
					'beliefs',
					'people',
					'happened_picks'
				])
				.where('user_id', '=', userId);
			if (since) query = query.where('created_at', '>=', since);
			return query.orderBy('created_at').orderBy('id').execute();
		},

		/** Every belief of the member, whatever the period: moments and ratings name them. */
		beliefs(userId: string) {
			return db
				.selectFrom('workbook_belief')
				.select(['id', 'statement'])
				.where('user_id', '=', userId)
				.orderBy('created_at')
				.orderBy('id')
				.execute();
		},

		ratings(userId: string, since: string | null) {
			let query = db
				.selectFrom('workbook_belief_rating')
				.select(['id', 'belief_id', 'created_at', 'strength'])
				.where('user_id', '=', userId);
			if (since) query = query.where('created_at', '>=', since);
			return query.orderBy('created_at').orderBy('id').execute();
		},

		/** Completed check-ins only; drafts have no score. */
		checkins(userId: string, since: string | null) {
			let query = db
				.selectFrom('workbook_checkin')
				.select(['id', 'instrument', 'completed_at', 'score'])
				.where('user_id', '=', userId)
				.where('completed_at', 'is not', null);
			if (since) query = query.where('completed_at', '>=', since);
			return query.orderBy('completed_at').orderBy('id').execute();
		},

		practiceWeeks(userId: string, sinceWeek: string | null) {
			let query = db
				.selectFrom('workbook_practice_week')
				.select(['id', 'week', 'practices'])
				.where('user_id', '=', userId);
			if (sinceWeek) query = query.where('week', '>=', sinceWeek);
			return query.orderBy('week').execute();
		},

		/** When each practice entry was written: counting them opens nothing. */
		practiceEntries(userId: string, since: string | null) {
			let query = db
				.selectFrom('workbook_practice_entry')
				.select(['id', 'created_at'])
				.where('user_id', '=', userId);
			if (since) query = query.where('created_at', '>=', since);
			return query.orderBy('created_at').execute();
		},

		/**
		 * Quiet wins noted since `since`. The day a win happened is sealed; a win is noted on or
		 * after that day, so every win of the period is among these.
		 */
		wins(userId: string, since: string | null) {
			let query = db
				.selectFrom('workbook_win')
				.select(['id', 'happened_on'])
				.where('user_id', '=', userId);
			if (since) query = query.where('created_at', '>=', since);
			return query.orderBy('created_at').orderBy('id').execute();
		}
	};
}

export type InsightsRepository = ReturnType<typeof createInsightsRepository>;
