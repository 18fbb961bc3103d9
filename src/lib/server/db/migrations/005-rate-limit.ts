import type { Kysely } from 'kysely';

// Fixed-window counters for the app's own limits (per account and per address on the forms).
// Kept in the database so that several processes share them.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('rate_limit_bucket')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('window_start', 'text', (c) => c.notNull())
		.addColumn('count', 'integer', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('rate_limit_bucket').execute();
}
