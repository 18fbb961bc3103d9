import { sql, type Kysely } from 'kysely';

// Migrations use only Kysely's schema builder with portable types, so that one file runs
// unchanged on SQLite and on PostgreSQL.
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('practice')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('time_zone', 'text', (c) => c.notNull())
		.addColumn('contact_email', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		// One practice per installation: the row's id is always 1.
		.addCheckConstraint('practice_single_row', sql`id = 1`)
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('practice').execute();
}
