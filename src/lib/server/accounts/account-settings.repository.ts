import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** The SQL of the account settings pages; every query is scoped to one user. */
export function createAccountSettingsRepository(db: Kysely<DB>) {
	return {
		sessionsOf(userId: string) {
			return db
				.selectFrom('session')
				.leftJoin('session_activity', 'session_activity.session_id', 'session.id')
				.select([
					'session.id',
					'session.createdAt',
					'session.updatedAt',
					'session.expiresAt',
					'session.ipAddress',
					'session.userAgent',
					'session_activity.last_seen_at'
				])
				.where('session.userId', '=', userId)
				.execute();
		},

		tokenOfSession(userId: string, sessionId: string) {
			return db
				.selectFrom('session')
				.select('token')
				.where('id', '=', sessionId)
				.where('userId', '=', userId)
				.executeTakeFirst();
		},

		sessionByToken(userId: string, token: string) {
			return db
				.selectFrom('session')
				.select('id')
				.where('token', '=', token)
				.where('userId', '=', userId)
				.executeTakeFirst();
		},

		passkeysOf(userId: string) {
			return db
				.selectFrom('passkey')
				.select(['id', 'name', 'createdAt'])
				.where('userId', '=', userId)
				.execute();
		},

		passkeyOf(userId: string, passkeyId: string) {
			return db
				.selectFrom('passkey')
				.select(['id', 'name'])
				.where('id', '=', passkeyId)
				.where('userId', '=', userId)
				.executeTakeFirst();
		},

		twoFactorOf(userId: string) {
			return db
				.selectFrom('twoFactor')
				.select(['id', 'verified'])
				.where('userId', '=', userId)
				.executeTakeFirst();
		},

		twoFactorEnabled(userId: string) {
			return db
				.selectFrom('user')
				.select('twoFactorEnabled')
				.where('id', '=', userId)
				.executeTakeFirst();
		},

		/** Targets of the account's 'passkey.added' entries, to find passkeys not yet recorded. */
		recordedPasskeyTargets(userId: string) {
			return db
				.selectFrom('audit_log')
				.select('target')
				.where('subject_user_id', '=', userId)
				.where('action', '=', 'passkey.added')
				.execute();
		},

		/** Whether the account can sign in with a password (better-auth's 'credential' account). */
		async hasPassword(userId: string): Promise<boolean> {
			const row = await db
				.selectFrom('account')
				.select('id')
				.where('userId', '=', userId)
				.where('providerId', '=', 'credential')
				.where('password', 'is not', null)
				.executeTakeFirst();
			return row !== undefined;
		}
	};
}

export type AccountSettingsRepository = ReturnType<typeof createAccountSettingsRepository>;
