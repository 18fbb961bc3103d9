import { Migrator, PostgresAdapter, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from './migrations';
import type { DB } from './schema';

/** Brings the database to the latest schema; throws with the failing migration's name. */
export async function migrateToLatest(
	db: Kysely<DB>,
	options: { schema?: string } = {}
): Promise<string[]> {
	// Without a schema named, PostgreSQL's own choice (the first on search_path, which an address
	// may set with ?options=-c search_path=…): Kysely would otherwise find its bookkeeping tables in
	// any other schema on the server and then fail to read them from this one.
	const schema =
		options.schema ??
		(db.getExecutor().adapter instanceof PostgresAdapter
			? ((await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db))
					.rows[0]?.schema ?? undefined)
			: undefined);
	const migrator = new Migrator({
		db,
		// Kysely looks for its bookkeeping tables across every schema it can see; naming the schema
		// keeps databases that share a PostgreSQL server (tests, several practices) apart.
		...(schema ? { migrationTableSchema: schema } : {}),
		provider: { getMigrations: async () => migrations }
	});
	const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		const name = failed ? ` (${failed.migrationName})` : '';
		throw new Error(`A database migration failed${name}: ${String(error)}`, { cause: error });
	}
	return (results ?? []).map((r) => r.migrationName);
}
