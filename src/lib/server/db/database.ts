import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../env';
import type { DB } from './schema';

export type DatabaseKind = Config['database']['kind'];

export interface Database {
	kind: DatabaseKind;
	db: Kysely<DB>;
	/** Answers whether the database can run a query right now. */
	ping(): Promise<boolean>;
	close(): Promise<void>;
}

// PostgreSQL returns 64-bit integers (counts, sums) as strings; every count Steady takes fits a
// double, so read them as numbers once here rather than converting at every call site.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export class DatabaseStartError extends Error {
	constructor(message: string, cause?: unknown) {
		super(message, { cause });
		this.name = 'DatabaseStartError';
	}
}

function openSqlite(file: string): SQLite.Database {
	const dir = path.dirname(file);
	try {
		mkdirSync(dir, { recursive: true });
		accessSync(dir, constants.R_OK | constants.W_OK);
	} catch (cause) {
		throw new DatabaseStartError(
			`Steady keeps its SQLite database in ${dir}, but cannot read and write there. ` +
				'Check the folder and its permissions, or set DATA_DIR or DATABASE_URL to a writable place.',
			cause
		);
	}
	try {
		const sqlite = new SQLite(file);
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('synchronous = FULL');
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
		return sqlite;
	} catch (cause) {
		throw new DatabaseStartError(
			`Steady could not open its SQLite database at ${file}: ${(cause as Error).message}`,
			cause
		);
	}
}

export interface PostgresOptions {
	/** A schema to use instead of public (tests give each test its own). */
	schema?: string;
	max?: number;
}

export function openDatabase(target: Config['database'], options: PostgresOptions = {}): Database {
	if (target.kind === 'sqlite') {
		const sqlite = openSqlite(target.file);
		const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
		return wrap('sqlite', db);
	}
	const pool = new pg.Pool({
		connectionString: target.url,
		max: options.max ?? 10,
		...(options.schema ? { options: `-c search_path=${options.schema}` } : {})
	});
	// An idle client that loses its server must not crash the process; the next query reconnects.
	pool.on('error', () => {});
	const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
	return wrap('postgres', db);
}

function wrap(kind: DatabaseKind, db: Kysely<DB>): Database {
	return {
		kind,
		db,
		async ping() {
			try {
				// On SQLite `select 1` reads no page of the file, so a damaged file would still answer.
				await (kind === 'sqlite' ? sql`select count(*) from sqlite_master` : sql`select 1`).execute(
					db
				);
				return true;
			} catch {
				return false;
			}
		},
		close: () => db.destroy()
	};
}

/**
 * Which database a Kysely instance talks to. Migrations use it where the two must differ (column
 * types that one of them lacks); everything else is written once for both.
 */
export function dialectOf(db: Kysely<unknown>): DatabaseKind {
	return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
