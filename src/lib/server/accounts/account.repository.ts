import type { Kysely } from 'kysely';
import type { DB, Role, UserTable } from '../db/schema';

/** The least we need to know about an account: who it is, and where they go once in. */
export interface AccountSummary {
	id: string;
	role: Role;
	email: string;
	twoFactorEnabled: boolean;
}

export interface AccountLookup {
	findByEmail(email: string): Promise<AccountSummary | undefined>;
	findById(id: string): Promise<AccountSummary | undefined>;
}

/** The account lookup on the `user` table that better-auth keeps; addresses are stored lower-cased. */
export function accountLookup(db: Kysely<DB>): AccountLookup {
	const columns = ['id', 'role', 'email', 'twoFactorEnabled'] as const;
	const summary = (
		row: Pick<UserTable, (typeof columns)[number]> | undefined
	): AccountSummary | undefined =>
		row && {
			id: row.id,
			role: row.role,
			email: row.email,
			// SQLite keeps booleans as 0 and 1.
			twoFactorEnabled: Boolean(row.twoFactorEnabled)
		};
	return {
		findByEmail: async (email) =>
			summary(
				await db
					.selectFrom('user')
					.select(columns)
					.where('email', '=', email.trim().toLowerCase())
					.executeTakeFirst()
			),
		findById: async (id) =>
			summary(await db.selectFrom('user').select(columns).where('id', '=', id).executeTakeFirst())
	};
}

/**
 * Whether an account may sign in by e-mailed link. A link would skip the second factor, so an
 * account with one never gets a link, and neither does any practice account.
 */
export function signInLinkAllowed(account: Pick<AccountSummary, 'role' | 'twoFactorEnabled'>) {
	return account.role === 'member' && !account.twoFactorEnabled;
}
