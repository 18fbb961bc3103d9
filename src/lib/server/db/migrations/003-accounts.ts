import { sql, type ColumnDataType, type Expression, type Kysely } from 'kysely';
import { dialectOf } from '../database';

// The tables better-auth reads and writes (user, session, account, verification, twoFactor,
// passkey, rateLimit), created here by our own migrations so that both databases get the same,
// reviewed schema. Column names are better-auth's. Its booleans and dates have no common type on
// the two databases, so those two column types are chosen per dialect; everything else is shared.
export async function up(db: Kysely<unknown>): Promise<void> {
	const postgres = dialectOf(db) === 'postgres';
	const bool: ColumnDataType = postgres ? 'boolean' : 'integer';
	const date: ColumnDataType | Expression<unknown> = postgres ? 'timestamptz' : sql`date`;

	await db.schema
		.createTable('user')
		.addColumn('id', 'text', (c) => c.primaryKey().notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('emailVerified', bool, (c) => c.notNull())
		.addColumn('image', 'text')
		.addColumn('createdAt', date, (c) => c.notNull())
		.addColumn('updatedAt', date, (c) => c.notNull())
		.addColumn('twoFactorEnabled', bool)
		.addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
		.addColumn('timeZone', 'text')
		.addCheckConstraint('user_role_known', sql`"role" in ('member', 'practitioner', 'owner')`)
		.execute();

	await db.schema
		.createTable('session')
		.addColumn('id', 'text', (c) => c.primaryKey().notNull())
		.addColumn('expiresAt', date, (c) => c.notNull())
		.addColumn('token', 'text', (c) => c.notNull().unique())
		.addColumn('createdAt', date, (c) => c.notNull())
		.addColumn('updatedAt', date, (c) => c.notNull())
		.addColumn('ipAddress', 'text')
		.addColumn('userAgent', 'text')
		.addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.execute();

	await db.schema
		.createTable('account')
		.addColumn('id', 'text', (c) => c.primaryKey().notNull())
		.addColumn('accountId', 'text', (c) => c.notNull())
		.addColumn('providerId', 'text', (c) => c.notNull())
		.addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('accessToken', 'text')
		.addColumn('refreshToken', 'text')
		.addColumn('idToken', 'text')
		.addColumn('accessTokenExpiresAt', date)
		.addColumn('refreshTokenExpiresAt', date)
		.addColumn('scope', 'text')
		.addColumn('password', 'text')
		.addColumn('createdAt', date, (c) => c.notNull())
		.addColumn('updatedAt', date, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('verification')
		.addColumn('id', 'text', (c) => c.primaryKey().notNull())
		.addColumn('identifier', 'text', (c) => c.notNull())
		.addColumn('value', 'text', (c) => c.notNull())
		.addColumn('expiresAt', date, (c) => c.notNull())
		.addColumn('createdAt', date, (c) => c.notNull())
		.addColumn('updatedAt', date, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('twoFactor')
		.addColumn('id', 'text', (c) => c.primaryKey().notNull())
		.addColumn('secret', 'text', (c) => c.notNull())
		.addColumn('backupCodes', 'text', (c) => c.notNull())
		.addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('verified', bool)
		.addColumn('failedVerificationCount', 'integer')
		.addColumn('lockedUntil', date)
		.execute();

	await db.schema
		.createTable('passkey')
		.addColumn('id', 'text', (c) => c.primaryKey().notNull())
		.addColumn('name', 'text')
		.addColumn('publicKey', 'text', (c) => c.notNull())
		.addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('credentialID', 'text', (c) => c.notNull())
		.addColumn('counter', 'integer', (c) => c.notNull())
		.addColumn('deviceType', 'text', (c) => c.notNull())
		.addColumn('backedUp', bool, (c) => c.notNull())
		.addColumn('transports', 'text')
		.addColumn('createdAt', date)
		.addColumn('aaguid', 'text')
		.execute();

	await db.schema
		.createTable('rateLimit')
		.addColumn('id', 'text', (c) => c.primaryKey().notNull())
		.addColumn('key', 'text', (c) => c.notNull().unique())
		.addColumn('count', 'integer', (c) => c.notNull())
		.addColumn('lastRequest', 'bigint', (c) => c.notNull())
		.execute();

	const indexes: [string, string, string][] = [
		['session_userId_idx', 'session', 'userId'],
		['account_userId_idx', 'account', 'userId'],
		['verification_identifier_idx', 'verification', 'identifier'],
		['twoFactor_secret_idx', 'twoFactor', 'secret'],
		['twoFactor_userId_idx', 'twoFactor', 'userId'],
		['passkey_userId_idx', 'passkey', 'userId'],
		['passkey_credentialID_idx', 'passkey', 'credentialID']
	];
	for (const [name, table, column] of indexes) {
		await db.schema.createIndex(name).on(table).column(column).execute();
	}

	// Steady's own additions beside better-auth's tables.
	// One-time links printed at the console: the owner's on a new installation, and those made by
	// `npm run practitioner -- add <email>`. Only a hash of each token is kept.
	await db.schema
		.createTable('setup_token')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('email', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();

	// When each session was last used, for the practitioner's 30-minute idle limit.
	await db.schema
		.createTable('session_activity')
		.addColumn('session_id', 'text', (c) =>
			c.primaryKey().references('session.id').onDelete('cascade')
		)
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of [
		'session_activity',
		'setup_token',
		'rateLimit',
		'passkey',
		'twoFactor',
		'verification',
		'account',
		'session',
		'user'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
