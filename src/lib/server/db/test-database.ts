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
	const schema = `test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create schema ${schema}`);
	await admin.end();
	const opened = openDatabase({ kind: 'postgres', url }, { schema, max: 4 });
	if (migrate) await migrateToLatest(opened.db);
	return {
		...opened,
		async destroy() {
			await opened.close();
			const cleanup = new pg.Client({ connectionString: url });
			await cleanup.connect();
			await cleanup.query(`drop schema if exists ${schema} cascade`);
			await cleanup.end();
		}
	};
}
