import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { WorkbookTestBed } from './workbook.test-setup';

/**
 * Looks for each of `needles` in everything the test database keeps — the SQLite file and its
 * write-ahead log, or a dump of the PostgreSQL schema — and fails if one is there. Returns how
 * many bytes were searched, so a test can see that there was something to search.
 */
export async function sealedAtRest(
	bed: Pick<WorkbookTestBed, 'db' | 'database'>,
	needles: string[]
): Promise<number> {
	if (bed.database.kind === 'sqlite') {
		const { file } = (
			await sql<{
				file: string;
			}>`select file from pragma_database_list where name = 'main'`.execute(bed.db)
		).rows[0]!;
		const dir = path.dirname(file);
		let searched = 0;
		for (const name of readdirSync(dir).filter((f) => f.startsWith(path.basename(file)))) {
			const bytes = readFileSync(path.join(dir, name));
			searched += bytes.length;
			for (const needle of needles) {
				expect(bytes.includes(Buffer.from(needle)), `${needle} in ${name}`).toBe(false);
				expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${needle} in ${name}`).toBe(false);
			}
		}
		return searched;
	}
	const dump = execFileSync(
		'pg_dump',
		['--schema', bed.database.schema!, '--data-only', process.env.TEST_DATABASE_URL!],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
	);
	for (const needle of needles) expect(dump, needle).not.toContain(needle);
	return dump.length;
}
