import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

export function createRateLimitRepository(db: Kysely<DB>) {
	return {
		/**
		 * Counts one attempt against a key in one statement, so that concurrent requests in several
		 * processes each see their own count. A window older than `windowStartedBefore` starts again.
		 */
		async hit(key: string, now: string, windowStartedBefore: string): Promise<number> {
			const row = await db
				.insertInto('rate_limit_bucket')
				.values({ key, window_start: now, count: 1 })
				.onConflict((oc) =>
					oc.column('key').doUpdateSet({
						count: sql<number>`case when rate_limit_bucket.window_start < ${windowStartedBefore} then 1 else rate_limit_bucket.count + 1 end`,
						window_start: sql<string>`case when rate_limit_bucket.window_start < ${windowStartedBefore} then ${now} else rate_limit_bucket.window_start end`
					})
				)
				.returning('count')
				.executeTakeFirstOrThrow();
			return Number(row.count);
		},

		async clear(key: string): Promise<void> {
			await db.deleteFrom('rate_limit_bucket').where('key', '=', key).execute();
		}
	};
}

export type RateLimitRepository = ReturnType<typeof createRateLimitRepository>;
