import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from './migrations';
import type { DB } from './schema';

/** Brings the database to the latest schema; throws with the failing migration's name. */
export async function migrateToLatest(
	db: Kysely<DB>,
	options: { schema?: string } = {}
): Promise<string[]> {
	const migrator = new Migrator({
		db,
		// Kysely looks for its bookkeeping tables across every schema it can see; naming the schema
		// keeps databases that share a PostgreSQL server (tests, several practices) apart.
		...(options.schema ? { migrationTableSchema: options.schema } : {}),
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
