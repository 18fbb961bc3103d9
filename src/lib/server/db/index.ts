import type { Config } from '../env';
import { openDatabase, type Database } from './database';
import { migrateToLatest } from './migrate';

let current: Database | undefined;

/** Opens this process's one database and brings its schema up to date. Called once at start. */
export async function startDatabase(target: Config['database']): Promise<Database> {
	if (current) return current;
	const opened = openDatabase(target);
	await migrateToLatest(opened.db);
	current = opened;
	return opened;
}

/** The database opened at start. */
export function database(): Database {
	if (!current) throw new Error('The database is used before Steady has started it.');
	return current;
}

export type { Database } from './database';
