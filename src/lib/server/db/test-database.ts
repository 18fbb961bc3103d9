import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseKind } from './database';
import { migrateToLatest } from './migrate';

/**
 * The databases every database test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL
 * points at a server. Each test gets a fresh SQLite file or a fresh PostgreSQL schema.
 */
export const testDatabaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL
	? ['sqlite', 'postgres']
	: ['sqlite'];

export interface TestDatabase extends Database {
	/** The PostgreSQL schema of this test database; pass it to migrateToLatest. */
	schema?: string;
	/** Removes the file or schema. */
	destroy(): Promise<void>;
}

export async function createTestDatabase(
	kind: DatabaseKind,
	options: { migrate?: boolean } = {}
): Promise<TestDatabase> {
	const migrate = options.migrate ?? true;
	if (kind === 'sqlite') {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'steady-test-'));
		const opened = openDatabase({ kind: 'sqlite', file: path.join(dir, 'test.db') });
		if (migrate) await migrateToLatest(opened.db);
		return {
			...opened,
			async destroy() {
				await opened.close();
				rmSync(dir, { recursive: true, force: true });
			}
		};
	}
	const url = process.env.TEST_DATABASE_URL;
	if (!url) throw new Error('TEST_DATABASE_URL is not set; PostgreSQL tests cannot run.');
	const schema = `${testSchemaPrefix()}${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create schema ${schema}`);
	await admin.end();
	const opened = openDatabase({ kind: 'postgres', url }, { schema, max: 4 });
	if (migrate) await migrateToLatest(opened.db, { schema });
	return {
		...opened,
		schema,
		// The schema itself is dropped once the whole run is over (see dropTestSchemas): dropping
		// it while other tests read PostgreSQL's catalogue makes their reads fail now and then.
		destroy: () => opened.close()
	};
}

/** Schemas of this test run share a prefix, so the end of the run drops its own and no others. */
function testSchemaPrefix(): string {
	const run = process.env.STEADY_TEST_RUN;
	if (!run || !/^[a-z0-9]{1,16}$/.test(run)) return 'test_';
	return `test_${run}_`;
}

/** Drops every schema this test run made; called once, when all test files have finished. */
export async function dropTestSchemas(url: string, run: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const { rows } = await client.query<{ name: string }>(
			'select nspname as name from pg_namespace where nspname like $1',
			[`test\\_${run}\\_%`]
		);
		for (const { name } of rows) await client.query(`drop schema if exists "${name}" cascade`);
	} finally {
		await client.end();
	}
}
