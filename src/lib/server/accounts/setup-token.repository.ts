import { sql, type Kysely } from 'kysely';
import type { DB, SetupTokenTable } from '../db/schema';

export function createSetupTokenRepository(db: Kysely<DB>) {
	return {
		async insert(row: SetupTokenTable): Promise<void> {
			await db.insertInto('setup_token').values(row).execute();
		},

		async find(tokenHash: string): Promise<SetupTokenTable | undefined> {
			return db
				.selectFrom('setup_token')
				.selectAll()
				.where('token_hash', '=', tokenHash)
				.executeTakeFirst();
		},

		/** Marks a token used; true only for the one caller that got there first. */
		async claim(tokenHash: string, at: string): Promise<boolean> {
			const result = await db
				.updateTable('setup_token')
				.set({ used_at: at })
				.where('token_hash', '=', tokenHash)
				.where('used_at', 'is', null)
				.where('expires_at', '>', at)
				.executeTakeFirst();
			return Number(result.numUpdatedRows) === 1;
		},

		async release(tokenHash: string): Promise<void> {
			await db
				.updateTable('setup_token')
				.set({ used_at: null })
				.where('token_hash', '=', tokenHash)
				.execute();
		},

		/** Retires the unused owner links printed at earlier starts. */
		async expireUnusedOwnerTokens(at: string): Promise<void> {
			await db
				.updateTable('setup_token')
				.set({ expires_at: at })
				.where('role', '=', 'owner')
				.where('used_at', 'is', null)
				.execute();
		},

		async ownerExists(): Promise<boolean> {
			const row = await db
				.selectFrom('user')
				.select('id')
				.where('role', '=', 'owner')
				.executeTakeFirst();
			return row !== undefined;
		},

		findUserByEmail(email: string) {
			return db
				.selectFrom('user')
				.select(['id', 'email', 'role'])
				.where('email', '=', email)
				.executeTakeFirst();
		},

		async setRole(userId: string, role: 'member' | 'practitioner' | 'owner'): Promise<void> {
			await db.updateTable('user').set({ role }).where('id', '=', userId).execute();
		},

		/** Removes every second factor and session of an account (console recovery). */
		async resetSecondFactors(userId: string): Promise<void> {
			await db.transaction().execute(async (trx) => {
				await trx.deleteFrom('twoFactor').where('userId', '=', userId).execute();
				await trx.deleteFrom('passkey').where('userId', '=', userId).execute();
				await trx.deleteFrom('session').where('userId', '=', userId).execute();
				await trx
					.updateTable('user')
					// A literal `false` reads the same on both databases (SQLite stores it as 0).
					.set({ twoFactorEnabled: sql.lit(false) })
					.where('id', '=', userId)
					.execute();
			});
		}
	};
}

export type SetupTokenRepository = ReturnType<typeof createSetupTokenRepository>;
