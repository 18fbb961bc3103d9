/**
 * The database a reliability test runs on: a fresh SQLite folder, or a PostgreSQL schema of its
 * own (dropped afterwards). The test reads it directly to check what the server wrote.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { onCleanup, tempDir } from './processes';

export interface TestDatabase {
	kind: 'sqlite' | 'postgres';
	/** What every server process on this database is started with. */
	env: Record<string, string>;
	/** Runs one statement; `?` marks parameters on both kinds. */
	query<T>(text: string, params?: unknown[]): Promise<T[]>;
	/** The database's own check of its files or indexes, as one line ("ok" when nothing is wrong). */
	integrity(): Promise<string>;
	close(): Promise<void>;
}

/** Secrets shared by every process of one run, as a deployment shares them. */
function secrets(): Record<string, string> {
	return {
		AUTH_SECRET: randomBytes(32).toString('base64url'),
		BOOKING_KEY: randomBytes(32).toString('base64url'),
		STEADY_DATA_KEYS: `reliability:${randomBytes(32).toString('base64')}`
	};
}

export function sqliteDatabase(label: string): TestDatabase {
	const dataDir = tempDir(`${label}-sqlite`);
	const file = path.join(dataDir, 'steady.db');
	let db: Database.Database | undefined;
	const open = () => {
		if (!db) {
			db = new Database(file, { fileMustExist: true });
			db.pragma('busy_timeout = 10000');
		}
		return db;
	};
	const close = async () => {
		db?.close();
		db = undefined;
	};
	onCleanup(close);
	return {
		kind: 'sqlite',
		env: { ...secrets(), DATA_DIR: dataDir },
		async query<T>(text: string, params: unknown[] = []) {
			const statement = open().prepare(text);
			if (statement.reader) return statement.all(...params) as T[];
			statement.run(...params);
			return [];
		},
		async integrity() {
			const checks = open().pragma('integrity_check') as { integrity_check: string }[];
			const keys = open().pragma('foreign_key_check') as unknown[];
			const result = checks.map((c) => c.integrity_check).join('; ');
			return keys.length === 0 ? result : `${result}; ${keys.length} rows break a foreign key`;
		},
		close
	};
}

export async function postgresDatabase(url: string, label: string): Promise<TestDatabase> {
	const schema = `reliability_${label}_${randomBytes(4).toString('hex')}`;
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	await client.query(`create schema ${schema}`);
	await client.query(`set search_path to ${schema}, public`);
	const drop = onCleanup(async () => {
		try {
			await client.query(`drop schema if exists ${schema} cascade`);
		} finally {
			await client.end();
		}
	});
	// PostgreSQL reads the schema to use from the address itself; the server migrates into it.
	const withSchema = new URL(url);
	withSchema.searchParams.set('options', `-c search_path=${schema}`);
	const query = async <T>(text: string, params: unknown[] = []) => {
		let n = 0;
		const numbered = text.replace(/\?/g, () => `$${++n}`);
		return (await client.query(numbered, params)).rows as T[];
	};
	return {
		kind: 'postgres',
		env: { ...secrets(), DATABASE_URL: withSchema.href },
		query,
		async integrity() {
			// amcheck verifies every B-tree index of the schema against the rules of its structure
			// (and, with heapallindexed, that each index holds every row of its table).
			const found = await query<{ schema: string }>(
				"select extnamespace::regnamespace::text as schema from pg_extension where extname = 'amcheck'"
			);
			let where = found[0]?.schema;
			if (!where) {
				// Installed in this test's schema, so it goes when the schema is dropped.
				await query(`create extension amcheck with schema ${schema}`);
				where = schema;
			}
			const indexes = await query<{ name: string }>(
				`select c.oid::regclass::text as name
				   from pg_index i
				   join pg_class c on c.oid = i.indexrelid
				   join pg_am a on a.oid = c.relam
				  where c.relnamespace = ?::regnamespace and a.amname = 'btree'`,
				[schema]
			);
			const problems: string[] = [];
			for (const index of indexes) {
				try {
					await query(`select ${where}.bt_index_check(?::regclass, true)`, [index.name]);
				} catch (error) {
					problems.push(`${index.name}: ${(error as Error).message}`);
				}
			}
			if (indexes.length === 0) return 'no indexes found to check';
			return problems.length === 0
				? `ok (${indexes.length} indexes checked with amcheck)`
				: problems.join('; ');
		},
		close: drop
	};
}

/**
 * Opens the practice every day 07:00–21:00 with no daily cap, as the booking benchmark does, so
 * that hundreds of distinct times are free (the default hours offer about 130 in a month).
 */
export async function openEveryDay(database: TestDatabase): Promise<void> {
	await database.query('update booking_settings set daily_cap = null where id = 1');
	await database.query('delete from availability_weekly');
	for (const weekday of [1, 2, 3, 4, 5, 6, 7]) {
		await database.query(
			'insert into availability_weekly (id, weekday, start_time, end_time) values (?, ?, ?, ?)',
			[randomUUID(), weekday, '07:00', '21:00']
		);
	}
}
