import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** Steady's own bookkeeping about better-auth's sessions. */
export function createSessionRepository(db: Kysely<DB>) {
	return {
		async lastSeen(sessionId: string): Promise<string | undefined> {
			const row = await db
				.selectFrom('session_activity')
				.select('last_seen_at')
				.where('session_id', '=', sessionId)
				.executeTakeFirst();
			return row?.last_seen_at;
		},

		async touch(sessionId: string, at: string): Promise<void> {
			await db
				.insertInto('session_activity')
				.values({ session_id: sessionId, last_seen_at: at })
				.onConflict((oc) => oc.column('session_id').doUpdateSet({ last_seen_at: at }))
				.execute();
		},

		async remove(sessionId: string): Promise<void> {
			await db.deleteFrom('session').where('id', '=', sessionId).execute();
		},

		async removeOthers(userId: string, keepSessionId: string): Promise<void> {
			await db
				.deleteFrom('session')
				.where('userId', '=', userId)
				.where('id', '!=', keepSessionId)
				.execute();
		}
	};
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
